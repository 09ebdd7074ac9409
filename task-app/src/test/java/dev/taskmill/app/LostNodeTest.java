package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL: another node on the database ends its running task and runs what
 * waited; and releases the claims of a task cancelled while it ran there, whose operation died
 * with the node before it could release them.
 */
class LostNodeTest {

    private static final Pattern LISTENING = Pattern.compile("Taskmill listening on (http://\\S+)");
    private static final Caller ANYONE = Caller.anonymous();
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void givenNodeKilledWhileRunningATask_theOtherNodeEndsItInError_andRunsItsSuccessor() throws Exception {
        StoreConfig store = TestPostgres.emptyDatabase(dir).withNodeTimeout(NODE_TIMEOUT);
        try (MainProcess doomed = MainProcess.start(Map.of(), "", "--port", "0", "--auth", "none", "--workers", "1",
                "--data-dir", dir.toString(), "--store", "postgres", "--db-url", store.dbUrl(), "--db-user",
                store.dbUser(), "--db-password-file", store.dbPasswordFile().toString(), "--node-timeout",
                NODE_TIMEOUT.toString())) {
            Matcher listening = LISTENING.matcher(doomed.awaitOutput(line -> LISTENING.matcher(line).find()));
            assertThat(listening.find()).isTrue();
            HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(listening.group(1)).resolve("v2/tasks/")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"sleep\", \"args\": {\"seconds\": 300},"
                            + " \"resources\": [{\"resource_type\": \"repository\", \"resource_id\": \"r1\","
                            + " \"operation\": \"update\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            TaskId running = TaskId.parse(new ObjectMapper().readTree(submitted.body()).get("task_id").asText());

            try (Taskmill survivor = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 1, "/pulp/api",
                    Duration.ofHours(1), dir, SecurityConfig.none(), store))) {
                NodeTasks.await(survivor, running, task -> task.state() == TaskState.RUNNING,
                        Duration.ofSeconds(10));
                TaskId successor = survivor.useCases().submit().submit(ANYONE, new SubmitCallCommand("sleep",
                        Map.of("seconds", 0), List.of(new ResourceClaim("repository", "r1", ResourceOperation.UPDATE)),
                        List.of(), Optional.empty())).id();

                doomed.process().destroyForcibly();
                assertThat(doomed.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

                Task lost = NodeTasks.await(survivor, running, task -> task.state() == TaskState.ERROR,
                        Duration.ofSeconds(10));
                assertThat(lost.exception()).startsWith("NodeLostError: the node running this task");
                NodeTasks.await(survivor, successor, task -> task.state() == TaskState.FINISHED,
                        Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void givenTaskCancelledOnANodeThatDiesBeforeItsOperationReturns_theOtherNodeReleasesItsClaims()
            throws Exception {
        StoreConfig store = TestPostgres.emptyDatabase(dir).withNodeTimeout(NODE_TIMEOUT);
        try (MainProcess doomed = MainProcess.start(Map.of(), "", "--port", "0", "--auth", "none", "--workers", "1",
                "--data-dir", dir.toString(), "--store", "postgres", "--db-url", store.dbUrl(), "--db-user",
                store.dbUser(), "--db-password-file", store.dbPasswordFile().toString(), "--node-timeout",
                NODE_TIMEOUT.toString())) {
            Matcher listening = LISTENING.matcher(doomed.awaitOutput(line -> LISTENING.matcher(line).find()));
            assertThat(listening.find()).isTrue();
            HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(listening.group(1)).resolve("v2/tasks/")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"sleep\", \"args\": {\"seconds\": 300},"
                            + " \"resources\": [{\"resource_type\": \"repository\", \"resource_id\": \"r1\","
                            + " \"operation\": \"update\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            TaskId running = TaskId.parse(new ObjectMapper().readTree(submitted.body()).get("task_id").asText());

            try (Taskmill survivor = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 1, "/pulp/api",
                    Duration.ofHours(1), dir, SecurityConfig.none(), store).withShutdownGrace(Duration.ZERO))) {
                NodeTasks.await(survivor, running, task -> task.state() == TaskState.RUNNING,
                        Duration.ofSeconds(10));
                TaskId successor = survivor.useCases().submit().submit(ANYONE, new SubmitCallCommand("sleep",
                        Map.of("seconds", 0), List.of(new ResourceClaim("repository", "r1", ResourceOperation.UPDATE)),
                        List.of(), Optional.empty())).id();
                // frozen, the node cannot stop the operation and release its claims when the cancel reaches it
                signal("STOP", doomed.process());
                survivor.useCases().cancel().cancel(ANYONE, running);
                assertThat(survivor.useCases().get().getTask(ANYONE, running).holdsClaims()).isTrue();

                doomed.process().destroyForcibly();
                assertThat(doomed.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

                Task released = NodeTasks.await(survivor, running, task -> !task.holdsClaims(),
                        Duration.ofSeconds(15));
                assertThat(released.state()).as("the client's cancel stands").isEqualTo(TaskState.CANCELED);
                NodeTasks.await(survivor, successor, task -> task.state() == TaskState.FINISHED,
                        Duration.ofSeconds(5));
            }
        }
    }

    private static void signal(String signal, Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
