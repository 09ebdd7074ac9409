package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.adapter.usersfile.UsersFile;
import dev.taskmill.app.SecurityConfig;
import dev.taskmill.app.Taskmill;
import dev.taskmill.app.TaskmillConfig;
import dev.taskmill.application.service.UserAdministration;
import dev.taskmill.domain.Permission;
import dev.taskmill.testing.Eventually;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, permissions and the owner rule, through a real server with a real users file. */
class SecurityTest {

    private static final String TASKS = "/pulp/api/v2/tasks/";
    private static final String ADMIN_PASSWORD = "security-admin-password";
    private static final String SLEEP = "{\"operation\": \"sleep\", \"args\": {\"seconds\": 30}, \"tags\": [\"%s\"]}";

    @TempDir
    static Path dir;
    private static Taskmill server;
    private static URI root;
    private static UsersFile usersFile;

    @BeforeAll
    static void startServer() {
        Path users = dir.resolve("users.json");
        server = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 4, "/pulp/api", Duration.ofHours(1), dir,
                new SecurityConfig(true, users, ADMIN_PASSWORD, null, null)));
        root = server.baseUri().resolve("/");
        // the users command's way to the file, as a second process would take it
        usersFile = UsersFile.open(users);
        UserAdministration administration = new UserAdministration(usersFile);
        administration.addUser("reader", "reader-password".toCharArray(), Set.of(Permission.READ));
        administration.addUser("alice", "alice-password".toCharArray(), Set.of(Permission.CREATE));
        administration.addUser("bob", "bob-password".toCharArray(), Set.of(Permission.CREATE));
        administration.addUser("canceller", "canceller-password".toCharArray(), Set.of(Permission.DELETE));
        administration.addUser("victim", "victim-password".toCharArray(), Set.of(Permission.READ));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static ApiClient as(String user) {
        return new ApiClient(root, user, user.equals("admin") ? ADMIN_PASSWORD : user + "-password");
    }

    @Test
    void firstStart_createsAdminWithEveryPermission_fromTheEnvironmentPassword_storingOnlyAHash() throws Exception {
        assertThat(usersFile.find("admin").orElseThrow().permissions()).isEqualTo(EnumSet.allOf(Permission.class));
        assertThat(Files.readString(dir.resolve("users.json"))).doesNotContain(ADMIN_PASSWORD)
                .contains("pbkdf2-sha256:210000:");
        assertThat(as("admin").get(TASKS).status()).isEqualTo(200);
    }

    @Test
    void givenNoCredentials_everyEndpoint_is401WithTheBasicChallenge_andNothingIsCreated() {
        ApiClient anonymous = ApiClient.anonymous(root);
        int before = as("admin").get(TASKS + "?state=waiting&state=running&state=finished&state=canceled").body().size();

        List<ApiClient.Reply> replies = List.of(anonymous.get(TASKS), anonymous.get(TASKS + "x/"),
                anonymous.post(TASKS, SLEEP.formatted("anonymous")), anonymous.delete(TASKS + "x/"));

        for (ApiClient.Reply reply : replies) {
            assertError(reply, 401);
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"taskmill\"");
        }
        assertThat(as("admin").get(TASKS + "?state=waiting&state=running&state=finished&state=canceled").body())
                .hasSize(before);
    }

    @Test
    void givenWrongPasswordOrUnknownUser_is401() {
        assertError(new ApiClient(root, "reader", "wrong-password").get(TASKS), 401);
        assertError(new ApiClient(root, "nobody", "reader-password").get(TASKS), 401);
    }

    @Test
    void givenMissingPermission_eachMethod_is403WithTheErrorObject() {
        String task = as("admin").submit(SLEEP.formatted("p403")).get("task_id").asText();

        String refusedPost = assertError(as("reader").post(TASKS, SLEEP.formatted("p403")), 403);
        String refusedDelete = assertError(as("reader").delete(TASKS + task + "/"), 403);
        String refusedGet = assertError(as("canceller").get(TASKS + task + "/"), 403);

        assertThat(refusedPost).contains("permission 'create'");
        assertThat(refusedDelete).contains("permission 'delete'");
        assertThat(refusedGet).contains("permission 'read'");
        assertThat(as("admin").get(TASKS + task + "/").body().get("state").asText()).isIn("waiting", "running");
        as("admin").delete(TASKS + task + "/");
    }

    @Test
    void givenPermissions_eachMethod_isAllowed() {
        String task = as("alice").submit(SLEEP.formatted("allowed")).get("task_id").asText();

        assertThat(as("reader").get(TASKS + task + "/").status()).isEqualTo(200);
        assertThat(ids(as("reader").get(TASKS + "?tag=allowed").body())).contains(task);
        assertThat(as("canceller").delete(TASKS + task + "/").status()).isEqualTo(200);
        assertThat(as("reader").get(TASKS + task + "/").body().get("state").asText()).isEqualTo("canceled");
    }

    @Test
    void submitter_withoutReadOrDelete_readsListsAndCancelsOnlyTheirOwnTasks() {
        String alices = as("alice").submit(SLEEP.formatted("owner")).get("task_id").asText();
        String bobs = as("bob").submit(SLEEP.formatted("owner")).get("task_id").asText();

        assertThat(as("alice").get(TASKS + alices + "/").body().get("task_id").asText()).isEqualTo(alices);
        assertError(as("alice").get(TASKS + bobs + "/"), 403);
        assertThat(ids(as("alice").get(TASKS + "?tag=owner").body())).containsExactly(alices);
        assertThat(ids(as("alice").get(TASKS + "?tag=owner&limit=10").body())).containsExactly(alices);
        assertThat(ids(as("bob").get(TASKS + "?tag=owner").body())).containsExactly(bobs);
        assertThat(ids(as("admin").get(TASKS + "?tag=owner").body())).containsExactly(alices, bobs);

        assertError(as("alice").delete(TASKS + bobs + "/"), 403);
        assertThat(as("admin").get(TASKS + bobs + "/").body().get("state").asText()).isIn("waiting", "running");
        assertThat(as("alice").delete(TASKS + alices + "/").status()).isEqualTo(200);
        assertThat(as("alice").get(TASKS + alices + "/").body().get("state").asText()).isEqualTo("canceled");
        as("bob").delete(TASKS + bobs + "/");
    }

    @Test
    void callerWithoutRead_cannotTellAMissingTaskFromAnotherUsersTask() {
        String missing = "7744e2df-39b9-46f0-bb10-feffa2f7014b";

        assertError(as("alice").get(TASKS + missing + "/"), 403);
        assertError(as("reader").get(TASKS + missing + "/"), 404);
    }

    @Test
    void givenTenFailedLoginsForAUser_furtherAttemptsGet429_evenWithTheRightPassword_andOtherUsersAreUnaffected() {
        ApiClient guesser = new ApiClient(root, "victim", "guess");
        for (int i = 0; i < 10; i++) {
            assertError(guesser.get(TASKS), 401);
        }

        ApiClient.Reply refused = as("victim").get(TASKS);

        String message = assertError(refused, 429);
        assertThat(message).contains("Too many failed logins for user 'victim'").contains("60 seconds");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(as("reader").get(TASKS).status()).isEqualTo(200);
    }

    @Test
    void givenAFloodOfUnknownNames_aRememberedUserIsStillAnsweredAtOnce_andTheFloodGets401Or503()
            throws Exception {
        ApiClient reader = as("reader");
        assertThat(reader.get(TASKS).status()).isEqualTo(200); // its password is remembered from now on
        int floodClients = 64;
        int floodRequests = 400;
        ExecutorService flood = Executors.newFixedThreadPool(floodClients);
        List<Future<ApiClient.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < floodRequests; i++) {
                ApiClient stranger = new ApiClient(root, "stranger-" + i, "guess");
                replies.add(flood.submit(() -> stranger.get(TASKS)));
            }
            // each unknown name costs a slow hash; the server runs a bounded number at once
            long slowest = 0;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertThat(reader.get(TASKS).status()).isEqualTo(200);
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<ApiClient.Reply> reply : replies) {
                ApiClient.Reply answered = reply.get(60, TimeUnit.SECONDS);
                statuses.merge(answered.status(), 1, Integer::sum);
                if (answered.status() == 503) {
                    assertThat(answered.header("Retry-After")).isEqualTo("1");
                    assertThat(answered.body().get("error_message").asText()).contains("Too many logins");
                }
            }
            assertThat(statuses.keySet()).as("statuses of the flood").isSubsetOf(401, 503).contains(503);
        } finally {
            flood.shutdownNow();
        }
    }

    @Test
    void givenUsersAddedAndRemovedInTheFile_theRunningServer_followsWithoutARestart() throws Exception {
        UsersFile elsewhere = UsersFile.open(dir.resolve("users.json"));
        new UserAdministration(elsewhere).addUser("carol", "carol-password".toCharArray(), Set.of(Permission.READ));

        Eventually.await(Duration.ofSeconds(10), "carol may read", () -> as("carol").get(TASKS).status() == 200);

        new UserAdministration(elsewhere).removeUser("carol");

        Eventually.await(Duration.ofSeconds(10), "carol is refused", () -> as("carol").get(TASKS).status() == 401);
    }

    private static List<String> ids(JsonNode reports) {
        List<String> ids = new ArrayList<>();
        reports.forEach(report -> ids.add(report.get("task_id").asText()));
        return ids;
    }

    private static String assertError(ApiClient.Reply reply, int status) {
        assertThat(reply.status()).as("status of %s: %s", reply.raw().uri(), reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.body().get("http_status").asInt()).isEqualTo(status);
        assertThat(reply.body().get("http_request_method").asText()).isEqualTo(reply.raw().request().method());
        assertThat(reply.body().get("href").asText()).isEqualTo(reply.raw().uri().getRawPath());
        return reply.body().get("error_message").asText();
    }
}
