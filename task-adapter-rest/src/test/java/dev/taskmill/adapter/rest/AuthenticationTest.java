package dev.taskmill.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.port.in.AuthenticationFailedException;
import dev.taskmill.application.port.in.Credentials;
import dev.taskmill.application.port.in.GetStatusUseCase;
import dev.taskmill.application.port.in.TaskList;
import dev.taskmill.application.port.in.TooManyFailedLoginsException;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How credentials get from the Authorization header to the use cases, and refusals back to the client. */
class AuthenticationTest extends RestServerTestBase {

    private static final Caller ALICE = Caller.user("alice", Set.of(Permission.READ));

    private final List<Optional<Credentials>> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void acceptOnlyAlice() {
        fakes.onAuthenticate = credentials -> {
            seen.add(credentials);
            if (credentials.isEmpty()) {
                throw new AuthenticationFailedException("Authentication required: send a user name and password");
            }
            if (credentials.get().user().equals("locked")) {
                throw new TooManyFailedLoginsException("locked", 10, Duration.ofMinutes(1), Duration.ofMillis(41_500));
            }
            if (!credentials.get().equals(new Credentials("alice", "pä:ss word"))) {
                throw new AuthenticationFailedException("Wrong user name or password");
            }
            return ALICE;
        };
        fakes.onList = query -> new TaskList(List.of(), OptionalLong.empty());
    }

    @Test
    void givenNoCredentialsOrWrongOnes_theStatusPage_isServedWithoutAskingForAny() {
        fakes.onStatus = () -> new GetStatusUseCase.ServerStatus("1.2.3", true, List.of(
                new GetStatusUseCase.Worker("taskmill-1a2b3c4d-1", Instant.parse("2026-01-01T00:00:00.5Z"))));

        HttpReply anonymous = get(ROOT + "/v2/status/");
        HttpReply withoutSlash = get(ROOT + "/v2/status");
        HttpReply wrong = send(request(ROOT + "/v2/status/").header("Authorization", basic("alice", "nope")).GET());

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().toString()).isEqualTo("{\"api_version\":\"2\",\"versions\":{\"platform_version\":"
                + "\"1.2.3\"},\"database_connection\":{\"connected\":true},\"messaging_connection\":"
                + "{\"connected\":true},\"known_workers\":[{\"_id\":\"taskmill-1a2b3c4d-1\",\"_ns\":\"workers\","
                + "\"last_heartbeat\":\"2026-01-01T00:00:00.500Z\"}]}");
        assertThat(withoutSlash.status()).isEqualTo(200);
        assertThat(wrong.status()).as("no password is checked for it").isEqualTo(200);
        assertThat(seen).isEmpty();
        HttpReply post = send(request(ROOT + "/v2/status/").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(post.status()).as("only reading it is open").isEqualTo(401);
    }

    @Test
    void givenBasicCredentials_theUseCasesSeeTheAuthenticatedCaller() {
        HttpReply reply = send(request(TASKS).header("Authorization", basic("alice", "pä:ss word")).GET());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(seen).containsExactly(Optional.of(new Credentials("alice", "pä:ss word")));
        assertThat(fakes.callers).containsExactly(ALICE);
    }

    @Test
    void givenNoCredentials_anyApiRequest_is401WithBasicChallengeAndErrorObject_andReachesNoUseCase() {
        for (String method : List.of("GET", "POST", "DELETE", "PUT")) {
            String path = method.equals("DELETE") ? TASKS + TaskId.random() + "/" : TASKS;
            HttpReply reply = send(request(path).header("Content-Type", "application/json")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("{\"operation\": \"sleep\"}")));

            assertErrorObject(reply, 401, method, path);
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"taskmill\"");
        }
        assertThat(fakes.callers).isEmpty();
        assertThat(fakes.submitted).isEmpty();
    }

    @Test
    void givenNoCredentials_everyTaskGroupRequest_is401_andReachesNoUseCase() {
        String group = ROOT + "/v2/task_groups/" + TaskGroupId.random() + "/";
        List<HttpReply> replies = List.of(
                post(ROOT + "/v2/task_groups/", "{\"calls\": [{\"operation\": \"sleep\"}]}"),
                get(group + "state_summary/"), delete(group));

        for (HttpReply reply : replies) {
            assertErrorObject(reply, 401, reply.raw().request().method(), reply.raw().uri().getRawPath());
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"taskmill\"");
        }
        assertThat(fakes.callers).isEmpty();
        assertThat(fakes.groupsSubmitted).isEmpty();
    }

    @Test
    void givenUnknownPath_withoutCredentials_is401_notAHintOfWhatExists() {
        HttpReply reply = get(ROOT + "/v2/nothing/");

        assertErrorObject(reply, 401, "GET", ROOT + "/v2/nothing/");
    }

    @Test
    void givenWrongPassword_is401() {
        HttpReply reply = send(request(TASKS).header("Authorization", basic("alice", "guess")).GET());

        assertThat(assertErrorObject(reply, 401, "GET", TASKS)).isEqualTo("Wrong user name or password");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"taskmill\"");
    }

    @Test
    void givenMalformedBasicCredentials_is401SayingSo() {
        String noColon = "Basic " + Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8));
        String notUtf8 = "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xff});
        for (String header : List.of("Basic %%%", noColon, notUtf8, "Basic")) {
            HttpReply reply = send(request(TASKS).header("Authorization", header).GET());

            assertThat(reply.status()).as(header).isEqualTo(401);
            assertErrorObject(reply, 401, "GET", TASKS);
        }
    }

    @Test
    void givenOtherScheme_isTreatedAsNoCredentials() {
        HttpReply reply = send(request(TASKS).header("Authorization", "Bearer abc").GET());

        assertErrorObject(reply, 401, "GET", TASKS);
        assertThat(seen).containsExactly(Optional.empty());
    }

    @Test
    void givenPausedUser_is429WithRetryAfter_andTheMessageSaysWhy() {
        HttpReply reply = send(request(TASKS).header("Authorization", basic("locked", "x")).GET());

        String message = assertErrorObject(reply, 429, "GET", TASKS);
        assertThat(message).contains("Too many failed logins for user 'locked'");
        assertThat(reply.header("Retry-After")).isEqualTo("42");
    }

    @Test
    void givenAccessDenied_is403WithTheErrorObject() {
        fakes.onList = query -> {
            throw new AccessDeniedException("User 'alice' may not list");
        };

        HttpReply reply = send(request(TASKS).header("Authorization", basic("alice", "pä:ss word")).GET());

        assertThat(assertErrorObject(reply, 403, "GET", TASKS)).isEqualTo("User 'alice' may not list");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
