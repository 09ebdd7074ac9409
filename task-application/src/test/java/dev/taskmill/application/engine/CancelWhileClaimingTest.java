package dev.taskmill.application.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.port.out.DelegatingTaskRepository;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.service.CancelTaskService;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.service.SubmitCallService;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import dev.taskmill.testing.Eventually;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cancel that lands after a worker claimed the task but before it registered the
 * operation's execution still stops the operation: it never starts.
 */
class CancelWhileClaimingTest {

    @ParameterizedTest(name = "started by its admission: {0}")
    @ValueSource(booleans = {false, true})
    void givenCancelBetweenClaimAndStart_operationNeverRunsAndTaskEndsCanceled(boolean startedByAdmission)
            throws Exception {
        GateOperation gate = new GateOperation();
        AtomicReference<CancelTaskService> cancel = new AtomicReference<>();
        AtomicBoolean startedByItsAdmission = new AtomicBoolean();
        SimpleTaskRepository store = new SimpleTaskRepository();
        // the cancel comes in while the claim (or the admission that started it) returns, the
        // worker not yet running the task
        TaskRepository cancelOnClaim = new DelegatingTaskRepository(store) {
            @Override
            public Optional<Task> claimNextRunnable(Instant now, String worker) {
                Optional<Task> claimed = store.claimNextRunnable(now, worker);
                claimed.ifPresent(task -> cancel.get().cancel(Caller.anonymous(), task.id()));
                return claimed;
            }

            @Override
            public Task admitAndStart(TaskSubmission submission, Instant now, String worker) {
                if (!startedByAdmission) {
                    return store.admit(submission);
                }
                Task stored = store.admitAndStart(submission, now, worker);
                assertThat(stored.state()).as("started by its admission").isEqualTo(TaskState.RUNNING);
                startedByItsAdmission.set(true);
                cancel.get().cancel(Caller.anonymous(), stored.id());
                return stored;
            }
        };
        OperationCatalog catalog = OperationCatalog.of(List.of(gate));
        OperationEnvironment environment = new OperationEnvironment(Path.of("."));
        Clock clock = Clock.systemUTC();
        try (TaskEngine engine = new TaskEngine(cancelOnClaim, catalog, environment, clock,
                new EngineSettings(1, Duration.ofHours(1), EngineFixture.NODE))) {
            cancel.set(new CancelTaskService(cancelOnClaim, engine, clock));
            SubmitCallService submit = new SubmitCallService(cancelOnClaim, catalog, environment, engine, clock);
            engine.start();
            // the worker's first look, before the call: then it is idle, and offered to the admission
            Thread.sleep(200);

            Task submitted = submit.submit(Caller.anonymous(), new SubmitCallCommand("gate", Map.of("gate", "g"),
                    List.of(EngineFixture.claim("r1", ResourceOperation.UPDATE)), List.of(),
                    Optional.empty()));

            // claims released once the worker saw the cancel
            Task current = Eventually.await(Duration.ofSeconds(10), "the canceled task's claims released",
                    () -> store.findById(submitted.id()).orElseThrow(), task -> !task.holdsClaims());
            assertThat(current.state()).isEqualTo(TaskState.CANCELED);
            assertThat(gate.startedAtNanos).as("the operation never started").isEmpty();
            assertThat(startedByItsAdmission.get()).as("the path taken").isEqualTo(startedByAdmission);
        }
    }
}
