package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code users} command and a running server sharing one users file, each in its own JVM. */
class UsersCommandEndToEndTest {

    private static final Pattern LISTENING = Pattern.compile("Taskmill listening on (http://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private MainProcess users(String stdin, String... args) throws IOException, InterruptedException {
        String[] withFile = new String[args.length + 2];
        System.arraycopy(args, 0, withFile, 0, args.length);
        withFile[args.length] = "--users-file";
        withFile[args.length + 1] = dir.resolve("users.json").toString();
        return MainProcess.run(Map.of(), stdin, withFile);
    }

    @Test
    void addListAndRemove_keepTheFile_readingThePasswordFromStandardInput() throws Exception {
        try (MainProcess added = users("bob-password\n", "users", "add", "bob", "--permissions", "read,create");
                MainProcess refused = users("bob-password2\n", "users", "add", "bob", "--permissions", "delete");
                MainProcess replaced = users("bob-password2\n", "users", "add", "bob", "--permissions", "read",
                        "--replace");
                MainProcess ann = users("ann-password\n", "users", "add", "ann", "--permissions", "delete");
                MainProcess listed = users("", "users", "list")) {
            assertThat(added.exitCode()).as(added.output()).isZero();
            assertThat(added.output()).contains("Added user 'bob' with permissions read,create in "
                    + dir.resolve("users.json"));
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output()).isEqualTo("taskmill: user 'bob' already exists in " + dir.resolve("users.json")
                    + "; nothing changed (give --replace to replace their password and permissions)\n");
            assertThat(replaced.exitCode()).isZero();
            assertThat(replaced.output()).contains("Replaced user 'bob' with permissions read");
            assertThat(ann.exitCode()).isZero();
            assertThat(listed.output()).isEqualTo("ann\tdelete\nbob\tread\n");
        }
        String file = Files.readString(dir.resolve("users.json"));
        assertThat(file).doesNotContain("bob-password").doesNotContain("ann-password").contains("pbkdf2-sha256");

        try (MainProcess removed = users("", "users", "remove", "ann");
                MainProcess again = users("", "users", "remove", "ann");
                MainProcess listed = users("", "users", "list")) {
            assertThat(removed.exitCode()).isZero();
            assertThat(removed.output()).contains("Removed user 'ann'");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.output()).contains("taskmill: no user 'ann' in");
            assertThat(listed.output()).isEqualTo("bob\tread\n");
        }
    }

    @Test
    void givenBadInput_add_refusesWithExitCode2_andStoresNothing() throws Exception {
        try (MainProcess badPermission = users("long-enough\n", "users", "add", "x", "--permissions", "write");
                MainProcess badName = users("long-enough\n", "users", "add", "a:b", "--permissions", "read");
                MainProcess shortPassword = users("short\n", "users", "add", "x", "--permissions", "read");
                MainProcess noPassword = users("", "users", "add", "x", "--permissions", "read");
                MainProcess noPermissions = users("long-enough\n", "users", "add", "x")) {
            assertThat(badPermission.exitCode()).isEqualTo(2);
            assertThat(badPermission.output()).contains("unknown permission 'write'");
            assertThat(badName.exitCode()).isEqualTo(2);
            assertThat(badName.output()).contains("1 to 64 letters");
            assertThat(shortPassword.exitCode()).isEqualTo(2);
            assertThat(shortPassword.output()).contains("8 to 1024 characters");
            assertThat(noPassword.exitCode()).isEqualTo(2);
            assertThat(noPassword.output()).contains("no password on standard input");
            assertThat(noPermissions.exitCode()).isEqualTo(2);
            assertThat(noPermissions.output()).contains("--permissions");
        }
        assertThat(dir.resolve("users.json")).doesNotExist();
    }

    @Test
    void runningServer_picksUpUsersAddedAndRemovedByTheCommand_andAuditsSubmitAndCancel() throws Exception {
        try (MainProcess server = MainProcess.start(Map.of("TASKMILL_ADMIN_PASSWORD", "admin-from-env"), "",
                "--port", "0", "--users-file", dir.resolve("users.json").toString(), "--data-dir", dir.toString())) {
            Matcher listening = LISTENING.matcher(server.awaitOutput(line -> LISTENING.matcher(line).find()));
            assertThat(listening.find()).isTrue();
            URI tasks = URI.create(listening.group(1)).resolve("v2/tasks/");
            assertThat(server.output()).doesNotContain("Initial admin password").doesNotContain("admin-from-env");
            assertThat(get(tasks, "admin", "admin-from-env")).isEqualTo(200);
            assertThat(get(tasks, "carol", "carol-password")).isEqualTo(401);

            try (MainProcess added = users("carol-password\n", "users", "add", "carol", "--permissions", "create")) {
                assertThat(added.exitCode()).isZero();
            }
            Eventually.await(Duration.ofSeconds(10), "carol may read", () -> get(tasks, "carol", "carol-password") == 200);

            HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(tasks).header("Authorization",
                    basic("carol", "carol-password")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"operation\": \"sleep\", \"args\": {\"seconds\": 30}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String id = JSON.readTree(submitted.body()).get("task_id").asText();
            HttpResponse<String> canceled = http.send(HttpRequest.newBuilder(tasks.resolve(id + "/"))
                    .header("Authorization", basic("carol", "carol-password")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(canceled.statusCode()).isEqualTo(200);
            server.awaitOutput(line -> line.contains("user=carol action=submit task=" + id + " operation=sleep"));
            server.awaitOutput(line -> line.contains("user=carol action=cancel task=" + id));

            try (MainProcess removed = users("", "users", "remove", "carol")) {
                assertThat(removed.exitCode()).isZero();
            }
            Eventually.await(Duration.ofSeconds(10), "carol is refused", () -> get(tasks, "carol", "carol-password") == 401);
        }
    }

    @Test
    void givenAuthNoneOnEveryInterface_main_refusesToStartWithExitCode2() throws Exception {
        try (MainProcess refused = MainProcess.run(Map.of(), "", "--auth", "none", "--bind", "0.0.0.0", "--port", "0")) {
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.output()).contains("--auth none is allowed only on a loopback address")
                    .doesNotContain("listening");
        }
    }

    private int get(URI uri, String user, String password) {
        try {
            return http.send(HttpRequest.newBuilder(uri).header("Authorization", basic(user, password)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
