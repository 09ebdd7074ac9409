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
import dev.taskmill.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node frozen (SIGSTOP) for longer than the node timeout: another node ends its task and runs
 * what waited; when it thaws it stops the operation it was running, says why, and leaves the
 * other node's record of the task as it is.
 */
class FrozenNodeTest {

    private static final Caller ANYONE = Caller.anonymous();
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void givenNodeFrozenLongerThanTheTimeout_whenItThaws_itStopsWhatItRanAndOverwritesNothing() throws Exception {
        StoreConfig store = TestPostgres.emptyDatabase(dir).withNodeTimeout(NODE_TIMEOUT);
        try (MainProcess frozen = MainProcess.startNode(store, dir, 1, NODE_TIMEOUT)) {
            URI api = frozen.api();
            TaskId running = NodeTasks.submitSleepOverHttp(api, 300);

            try (Taskmill other = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 1, "/pulp/api",
                    Duration.ofHours(1), dir, SecurityConfig.none(), store).withShutdownGrace(Duration.ZERO))) {
                NodeTasks.await(other, running, task -> task.state() == TaskState.RUNNING, Duration.ofSeconds(10));
                TaskId successor = other.useCases().submit().submit(ANYONE, new SubmitCallCommand("sleep",
                        Map.of("seconds", 0), List.of(new ResourceClaim("repository", NodeTasks.RESOURCE,
                                ResourceOperation.UPDATE)),
                        List.of(), Optional.empty())).id();

                frozen.signal("STOP");
                Task lost;
                try {
                    // the node watch ends the lost task, then releases its claims: the record after both
                    lost = NodeTasks.await(other, running,
                            task -> task.state() == TaskState.ERROR && !task.holdsClaims(), Duration.ofSeconds(15));
                    NodeTasks.await(other, successor, task -> task.state() == TaskState.FINISHED,
                            Duration.ofSeconds(10));
                } finally {
                    frozen.signal("CONT");
                }
                assertThat(lost.exception()).startsWith("NodeLostError: the node running this task");

                frozen.awaitOutput(line -> line.contains("This node went unheard for"));
                frozen.awaitOutput(line -> line.contains("stopped the 1 operations running here"));
                Eventually.await(Duration.ofSeconds(10), "the thawed node's worker is free again",
                        () -> finishedOverHttp(api, NodeTasks.submitSleepOverHttp(api, 0)));
                assertThat(other.useCases().get().getTask(ANYONE, running)).as("the other node's record stands")
                        .isEqualTo(lost);
            }
        }
    }

    private static boolean finishedOverHttp(URI api, TaskId id) throws Exception {
        return Eventually.await(Duration.ofSeconds(10), "task " + id + " finished", () -> JSON.readTree(
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.resolve("v2/tasks/" + id + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("state").asText(),
                state -> state.equals("finished")) != null;
    }
}
