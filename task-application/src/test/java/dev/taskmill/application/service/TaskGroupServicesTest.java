package dev.taskmill.application.service;

import static dev.taskmill.domain.TaskBuilder.WORKER;
import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.in.TaskGroupNotFoundException;
import dev.taskmill.application.port.in.TaskGroupSummary;
import dev.taskmill.application.port.out.DelegatingTaskRepository;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskBuilder;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The state summary and the cancel of a task group. */
class TaskGroupServicesTest {

    private static final Instant NOW = T0.plusSeconds(5);
    private static final Caller ADMIN = Caller.user("ada", Set.of(Permission.READ, Permission.DELETE));
    private static final Caller SAM = Caller.user("sam", Set.of(Permission.CREATE));

    private final List<TaskId> updated = new ArrayList<>();
    private final SimpleTaskRepository store = new SimpleTaskRepository();
    private final DelegatingTaskRepository repository = new DelegatingTaskRepository(store) {
        @Override
        public Task update(Task changed) {
            updated.add(changed.id());
            return super.update(changed);
        }
    };
    private final RecordingEngine engine = new RecordingEngine();
    private final TaskGroupSummaryService summary = new TaskGroupSummaryService(repository);
    private final CancelTaskGroupService cancel = new CancelTaskGroupService(repository, engine,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void givenGroupInSeveralStates_summarize_countsEveryStateAndTheTotal() {
        TaskGroupId group = TaskGroupId.random();
        List<Task> tasks = admit(group, aSubmission(), aSubmission(), aSubmission(), aSubmission());
        finish(repository.claimNextRunnable(T0, WORKER).orElseThrow());
        repository.claimNextRunnable(T0, WORKER);
        repository.update(tasks.get(2).cancel(T0));
        repository.admit(aSubmission().buildSubmission());

        TaskGroupSummary counts = summary.summarize(ADMIN, group);

        assertThat(counts.count(TaskState.FINISHED)).isEqualTo(1);
        assertThat(counts.count(TaskState.RUNNING)).isEqualTo(1);
        assertThat(counts.count(TaskState.CANCELED)).isEqualTo(1);
        assertThat(counts.count(TaskState.WAITING)).isEqualTo(1);
        assertThat(counts.count(TaskState.ERROR)).isZero();
        assertThat(counts.count(TaskState.SKIPPED)).isZero();
        assertThat(counts.total()).isEqualTo(4);
    }

    @Test
    void givenUnknownGroup_summarizeAndCancel_areNotFoundForAHolderOfThePermission_andDeniedAlikeForOthers() {
        TaskGroupId unknown = TaskGroupId.random();
        TaskGroupId others = TaskGroupId.random();
        admit(others, aSubmission().submittedBy("olga"));

        assertThatThrownBy(() -> summary.summarize(ADMIN, unknown)).isInstanceOf(TaskGroupNotFoundException.class)
                .hasMessage("Missing resource: task group " + unknown);
        assertThatThrownBy(() -> cancel.cancelGroup(ADMIN, unknown)).isInstanceOf(TaskGroupNotFoundException.class);
        assertThatThrownBy(() -> summary.summarize(SAM, unknown)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> summary.summarize(SAM, others)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("permission 'read' is needed (or having submitted every task of the group)");
        assertThatThrownBy(() -> cancel.cancelGroup(SAM, unknown)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> cancel.cancelGroup(SAM, others)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("permission 'delete' is needed");
        assertThat(updated).isEmpty();
    }

    @Test
    void givenSubmitterWithoutReadOrDelete_summarizeAndCancel_allowOnlyAGroupWhollyTheirs() {
        TaskGroupId own = TaskGroupId.random();
        TaskGroupId mixed = TaskGroupId.random();
        admit(own, aSubmission().submittedBy("sam"), aSubmission().submittedBy("sam"));
        admit(mixed, aSubmission().submittedBy("sam"), aSubmission().submittedBy("olga"));

        assertThat(summary.summarize(SAM, own).total()).isEqualTo(2);
        cancel.cancelGroup(SAM, own);
        assertThat(summary.summarize(SAM, own).count(TaskState.CANCELED)).isEqualTo(2);
        assertThatThrownBy(() -> summary.summarize(SAM, mixed)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> cancel.cancelGroup(SAM, mixed)).isInstanceOf(AccessDeniedException.class);
        assertThat(summary.summarize(ADMIN, mixed).count(TaskState.WAITING)).isEqualTo(2);
    }

    @Test
    void givenGroupInEveryCase_cancelGroup_cancelsTheWaitingAndCancellableRunningOnes_latestFirst() {
        TaskGroupId group = TaskGroupId.random();
        List<Task> tasks = admit(group, aSubmission(), aSubmission().notCancellable(), aSubmission(),
                aSubmission().claiming("repository", "r1", ResourceOperation.UPDATE),
                aSubmission().claiming("repository", "r1", ResourceOperation.UPDATE));
        finish(repository.claimNextRunnable(T0, WORKER).orElseThrow());
        Task stuck = repository.claimNextRunnable(T0, WORKER).orElseThrow();
        Task running = repository.claimNextRunnable(T0, WORKER).orElseThrow();
        updated.clear();

        cancel.cancelGroup(ADMIN, group);

        assertThat(updated).as("the latest first")
                .containsExactly(tasks.get(4).id(), tasks.get(3).id(), running.id());
        assertThat(state(tasks.get(0))).isEqualTo(TaskState.FINISHED);
        assertThat(state(stuck)).as("its operation cannot be cancelled").isEqualTo(TaskState.RUNNING);
        assertThat(state(running)).isEqualTo(TaskState.CANCELED);
        assertThat(state(tasks.get(3))).isEqualTo(TaskState.CANCELED);
        assertThat(state(tasks.get(4))).isEqualTo(TaskState.CANCELED);
        assertThat(engine.stops).containsExactly(running.id());
        assertThat(engine.workSignals).isEqualTo(1);
        assertThat(repository.claimNextRunnable(NOW, WORKER)).as("no task of the group is left to run").isEmpty();
    }

    @Test
    void givenGroupThatHasEnded_cancelGroup_succeedsChangingAndSignallingNothing() {
        TaskGroupId group = TaskGroupId.random();
        admit(group, aSubmission());
        finish(repository.claimNextRunnable(T0, WORKER).orElseThrow());
        updated.clear();

        cancel.cancelGroup(ADMIN, group);

        assertThat(updated).isEmpty();
        assertThat(engine.workSignals).isZero();
        assertThat(engine.stops).isEmpty();
    }

    private List<Task> admit(TaskGroupId group, TaskBuilder... calls) {
        return repository.admitAll(Arrays.stream(calls).map(call -> call.buildSubmission().inGroup(group)).toList());
    }

    private void finish(Task running) {
        Task finished = repository.update(running.finish(null, T0));
        repository.update(finished.releaseClaims());
    }

    private TaskState state(Task task) {
        return repository.findById(task.id()).orElseThrow().state();
    }
}
