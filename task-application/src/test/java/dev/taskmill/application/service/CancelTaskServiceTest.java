package dev.taskmill.application.service;

import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.WORKER;
import static dev.taskmill.domain.TaskBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CancelTaskServiceTest {

    private static final Instant NOW = T0.plusSeconds(5);
    private static final Caller CANCELLER = Caller.user("carl", Set.of(Permission.DELETE));

    private final SimpleTaskRepository repository = new SimpleTaskRepository();
    private final RecordingEngine engine = new RecordingEngine();
    private final CancelTaskService service = new CancelTaskService(repository, engine,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void givenWaitingTask_cancel_storesItCanceled_andTellsTheEngineWorkMayBeRunnable() {
        Task waiting = repository.admit(aSubmission().buildSubmission());

        service.cancel(CANCELLER, waiting.id());

        Task canceled = repository.findById(waiting.id()).orElseThrow();
        assertThat(canceled.state()).isEqualTo(TaskState.CANCELED);
        assertThat(canceled.finishTime()).isEqualTo(NOW);
        assertThat(canceled.holdsClaims()).isFalse();
        assertThat(engine.workSignals).isEqualTo(1);
        assertThat(engine.stops).isEmpty();
        assertThat(engine.changes).as("whoever follows it is told").extracting(change -> change.task().id())
                .containsExactly(waiting.id());
    }

    @Test
    void givenRunningTask_cancel_storesItCanceled_andTellsTheEngineToStopItsOperation() {
        Task admitted = repository.admit(aSubmission().buildSubmission());
        repository.claimNextRunnable(T0, WORKER);

        service.cancel(CANCELLER, admitted.id());

        Task canceled = repository.findById(admitted.id()).orElseThrow();
        assertThat(canceled.state()).isEqualTo(TaskState.CANCELED);
        // its operation still runs: the worker releases the claims once it has returned
        assertThat(canceled.holdsClaims()).isTrue();
        assertThat(engine.stops).containsExactly(admitted.id());
        assertThat(engine.changes).extracting(change -> change.kind()).containsExactly(TaskChange.Kind.ENDED);
        assertThat(engine.workSignals).isZero();
    }

    @Test
    void givenEndedTask_cancel_succeedsButChangesAndSignalsNothing() {
        Task admitted = repository.admit(aSubmission().buildSubmission());
        service.cancel(CANCELLER, admitted.id());
        Task canceled = repository.findById(admitted.id()).orElseThrow();

        service.cancel(CANCELLER, admitted.id());

        assertThat(repository.findById(admitted.id())).contains(canceled);
        assertThat(engine.workSignals).isEqualTo(1);
    }

    @Test
    void givenUnknownTask_cancel_isNotFoundForAHolderOfDelete_andDeniedAlikeForOthers() {
        TaskId unknown = TaskId.random();
        Task othersTask = repository.admit(aSubmission().buildSubmission());
        Caller sam = Caller.user("sam", Set.of(Permission.CREATE));

        assertThatThrownBy(() -> service.cancel(CANCELLER, unknown)).isInstanceOf(TaskNotFoundException.class);
        assertThatThrownBy(() -> service.cancel(sam, unknown)).isInstanceOf(AccessDeniedException.class)
                .hasMessage("User 'sam' may not cancel task " + unknown
                        + ": permission 'delete' is needed (or having submitted the task)");
        assertThatThrownBy(() -> service.cancel(sam, othersTask.id())).isInstanceOf(AccessDeniedException.class);
        assertThat(engine.workSignals).isZero();
        assertThat(engine.stops).isEmpty();
    }
}
