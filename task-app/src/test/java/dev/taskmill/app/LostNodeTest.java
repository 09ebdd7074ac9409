package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL: another node on the database ends its running task and runs what
 * waited; and releases the claims of a task cancelled while it ran there, whose operation died
 * with the node before it could release them.
 */
class LostNodeTest {

    private static final Caller ANYONE = Caller.anonymous();
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void givenNodeKilledWhileRunningATask_theOtherNodeEndsItInError_andRunsItsSuccessor() throws Exception {
        StoreConfig store = TestPostgres.emptyDatabase(dir).withNodeTimeout(NODE_TIMEOUT);
        try (MainProcess doomed = MainProcess.startNode(store, dir, 1, NODE_TIMEOUT)) {
            TaskId running = NodeTasks.submitSleepOverHttp(doomed.api(), 300);

            try (Taskmill survivor = Taskmill.start(survivorConfig(store))) {
                NodeTasks.await(survivor, running, task -> task.state() == TaskState.RUNNING,
                        Duration.ofSeconds(10));
                TaskId successor = submitSuccessor(survivor);
                CompletableFuture<Task> waiting = survivor.useCases().waitFor().waitForEnd(ANYONE, running,
                        Duration.ofSeconds(60));

                kill(doomed);

                Task lost = NodeTasks.await(survivor, running, task -> task.state() == TaskState.ERROR,
                        Duration.ofSeconds(10));
                assertThat(lost.exception()).startsWith("NodeLostError: the node running this task");
                assertThat(waiting.get(3, TimeUnit.SECONDS).state()).as("the wait answers as the task is ended")
                        .isEqualTo(TaskState.ERROR);
                NodeTasks.await(survivor, successor, task -> task.state() == TaskState.FINISHED,
                        Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void givenTaskCancelledOnANodeThatDiesBeforeItsOperationReturns_theOtherNodeReleasesItsClaims()
            throws Exception {
        StoreConfig store = TestPostgres.emptyDatabase(dir).withNodeTimeout(NODE_TIMEOUT);
        try (MainProcess doomed = MainProcess.startNode(store, dir, 1, NODE_TIMEOUT)) {
            TaskId running = NodeTasks.submitSleepOverHttp(doomed.api(), 300);

            try (Taskmill survivor = Taskmill.start(survivorConfig(store))) {
                NodeTasks.await(survivor, running, task -> task.state() == TaskState.RUNNING,
                        Duration.ofSeconds(10));
                TaskId successor = submitSuccessor(survivor);
                // frozen, the node cannot stop the operation and release its claims when the cancel reaches it
                doomed.signal("STOP");
                survivor.useCases().cancel().cancel(ANYONE, running);
                assertThat(survivor.useCases().get().getTask(ANYONE, running).holdsClaims()).isTrue();

                kill(doomed);

                Task released = NodeTasks.await(survivor, running, task -> !task.holdsClaims(),
                        Duration.ofSeconds(15));
                assertThat(released.state()).as("the client's cancel stands").isEqualTo(TaskState.CANCELED);
                NodeTasks.await(survivor, successor, task -> task.state() == TaskState.FINISHED,
                        Duration.ofSeconds(5));
            }
        }
    }

    private TaskmillConfig survivorConfig(StoreConfig store) {
        return new TaskmillConfig("127.0.0.1", 0, 1, "/pulp/api", Duration.ofHours(1), dir, SecurityConfig.none(),
                store).withShutdownGrace(Duration.ZERO);
    }

    /** A call on the resource the node's task holds, which waits for it. */
    private static TaskId submitSuccessor(Taskmill node) {
        return node.useCases().submit().submit(ANYONE, new SubmitCallCommand("sleep", Map.of("seconds", 0),
                List.of(new ResourceClaim("repository", NodeTasks.RESOURCE, ResourceOperation.UPDATE)), List.of(),
                Optional.empty())).id();
    }

    private static void kill(MainProcess node) throws InterruptedException {
        node.process().destroyForcibly();
        assertThat(node.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
}
