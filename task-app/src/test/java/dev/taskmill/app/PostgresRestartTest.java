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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks in PostgreSQL outlive the server: a task still running when the grace of a stopping
 * server is over goes back to waiting (its operation is safe to run again), and a restarted
 * server runs it again, then what waited behind it.
 */
class PostgresRestartTest {

    private static final Caller ANYONE = Caller.anonymous();

    @TempDir
    Path dir;

    @Test
    void givenRunningAndWaitingTasksWhenTheServerStops_aRestartedServer_runsTheRunningOneAgainThenTheOther()
            throws Exception {
        StoreConfig store = TestPostgres.emptyDatabase(dir);
        ResourceClaim updateR1 = new ResourceClaim("repository", "r1", ResourceOperation.UPDATE);
        TaskId blocker;
        TaskId waiting;
        try (Taskmill first = Taskmill.start(config(store))) {
            blocker = first.useCases().submit().submit(ANYONE, new SubmitCallCommand("sleep",
                    Map.of("seconds", 2), List.of(updateR1), List.of(), Optional.empty())).id();
            NodeTasks.await(first, blocker, task -> task.state() == TaskState.RUNNING, Duration.ofSeconds(20));
            waiting = first.useCases().submit().submit(ANYONE, new SubmitCallCommand("sleep",
                    Map.of("seconds", 0), List.of(updateR1), List.of(), Optional.empty())).id();
        }

        try (Taskmill second = Taskmill.start(config(store))) {
            Task rerun = NodeTasks.await(second, blocker, task -> task.state() == TaskState.FINISHED,
                    Duration.ofSeconds(20));
            assertThat(rerun.result()).as("the task running at shutdown ran again, in full")
                    .isEqualTo(Map.of("slept_seconds", 2));
            Task ran = NodeTasks.await(second, waiting, task -> task.state() == TaskState.FINISHED,
                    Duration.ofSeconds(20));
            assertThat(ran.result()).isEqualTo(Map.of("slept_seconds", 0));
            assertThat(ran.startTime()).as("it waited for the other").isAfterOrEqualTo(rerun.finishTime());
        }
    }

    private TaskmillConfig config(StoreConfig store) {
        return new TaskmillConfig("127.0.0.1", 0, 2, "/pulp/api", Duration.ofHours(1), dir, SecurityConfig.none(),
                store).withShutdownGrace(Duration.ofMillis(200));
    }
}
