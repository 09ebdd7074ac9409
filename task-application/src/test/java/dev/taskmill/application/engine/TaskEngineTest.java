package dev.taskmill.application.engine;

import static dev.taskmill.application.engine.EngineFixture.claim;
import static dev.taskmill.domain.ResourceOperation.READ;
import static dev.taskmill.domain.ResourceOperation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.in.InvalidCallException;
import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.DelegatingTaskRepository;
import dev.taskmill.application.port.out.InvalidArgumentsException;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskNotCancellableException;
import dev.taskmill.domain.TaskState;
import dev.taskmill.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskEngineTest {

    private static final Caller ANYONE = Caller.anonymous();

    private final GateOperation gate = new GateOperation();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private EngineFixture fixture;

    @AfterEach
    void stopEngine() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private EngineFixture engine(Operation... extra) {
        Operation[] operations = new Operation[extra.length + 1];
        operations[0] = gate;
        System.arraycopy(extra, 0, operations, 1, extra.length);
        fixture = new EngineFixture(operations);
        return fixture;
    }

    @Test
    void givenAcceptedCall_whenItsCodeReturns_thenTaskFinishedWithResultAndTimes() throws Exception {
        engine();
        Task submitted = fixture.submit("gate", Map.of("gate", "a", "result", Map.of("n", 42)));
        assertThat(submitted.response()).isEqualTo(CallResponse.ACCEPTED);

        gate.awaitStarted("a");
        gate.open("a");
        Task done = fixture.awaitTask(submitted.id(), task -> task.state() == TaskState.FINISHED, "finished");

        assertThat(done.result()).isEqualTo(Map.of("n", 42));
        assertThat(done.startTime()).isNotNull();
        assertThat(done.finishTime()).isAfterOrEqualTo(done.startTime());
        assertThat(done.exception()).isNull();
        assertThat(done.holdsClaims()).isFalse();
    }

    @Test
    void givenAsManyTasksAsWorkers_whenTheyRunAtOnce_thenEachNamesADifferentWorkerOfThisNode() throws Exception {
        fixture = new EngineFixture(3, Duration.ofHours(1), gate);
        Task[] tasks = new Task[3];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = fixture.submit("gate", Map.of("gate", "w" + i));
        }
        for (int i = 0; i < tasks.length; i++) {
            gate.awaitStarted("w" + i);
        }
        List<String> running = new ArrayList<>();
        for (Task task : tasks) {
            running.add(fixture.get.getTask(ANYONE, task.id()).workerName());
        }
        assertThat(running).containsExactlyInAnyOrder(EngineFixture.NODE + "-1", EngineFixture.NODE + "-2",
                EngineFixture.NODE + "-3");

        // a worker takes its next task as it records the end of its last, under its own name
        Task next = fixture.submit("gate", Map.of("gate", "w3"));
        gate.open("w0");
        Task first = fixture.awaitTask(tasks[0].id(), task -> task.state() == TaskState.FINISHED, "finished");
        gate.awaitStarted("w3");
        assertThat(first.workerName()).as("the worker that ran it").isEqualTo(running.get(0));
        assertThat(fixture.get.getTask(ANYONE, next.id()).workerName()).isEqualTo(running.get(0));
        for (int i = 1; i <= 3; i++) {
            gate.open("w" + i);
        }
    }

    @Test
    void givenOperationThatThrows_whenRun_thenErrorWithTypeMessageAndTraceback() {
        engine(new FixedOperation("boom", context -> {
            throw new IllegalStateException("disk on fire");
        }));
        Task submitted = fixture.submit("boom", Map.of());

        Task failed = fixture.awaitTask(submitted.id(), task -> task.state() == TaskState.ERROR, "error");

        assertThat(failed.exception()).isEqualTo("IllegalStateException: disk on fire");
        assertThat(failed.traceback()).startsWith("java.lang.IllegalStateException: disk on fire\n")
                .contains("\tat ");
        assertThat(failed.result()).isNull();
    }

    @Test
    void givenOperationReturningNonJson_whenRun_thenErrorNamesTheProblem() {
        engine(new FixedOperation("odd", context -> Map.of("when", new Object())));
        Task submitted = fixture.submit("odd", Map.of());

        Task failed = fixture.awaitTask(submitted.id(), task -> task.state() == TaskState.ERROR, "error");

        assertThat(failed.exception()).startsWith("NotJsonCompatibleException: operation 'odd' returned a result")
                .contains("$.when");
    }

    @Test
    void givenOperationReportingProgressOver64KiB_whenRun_thenErrorSaysSoAndNothingIsStored() {
        engine(new FixedOperation("chatty", context -> {
            context.reportProgress(Map.of("log", "x".repeat(70_000)));
            return "unreachable";
        }));
        Task submitted = fixture.submit("chatty", Map.of());

        Task failed = fixture.awaitTask(submitted.id(), task -> task.state() == TaskState.ERROR, "error");

        assertThat(failed.exception()).isEqualTo(
                "NotJsonCompatibleException: $ is larger than 65536 characters as JSON");
        assertThat(failed.progress()).isEmpty();
        assertThat(failed.result()).isNull();
    }

    @Test
    void givenRunningTask_whenItReportsProgress_thenEachReportReplacesTheLast() throws Exception {
        engine(new FixedOperation("steps", context -> {
            context.reportProgress(Map.of("step", 1, "of", 2));
            context.reportProgress(Map.of("step", 2));
            gate.run(context);
            return null;
        }));
        Task submitted = fixture.submit("steps", Map.of("gate", "p"));
        gate.awaitStarted("p");

        Task running = fixture.get.getTask(ANYONE, submitted.id());
        assertThat(running.state()).isEqualTo(TaskState.RUNNING);
        assertThat(running.progress()).isEqualTo(Map.of("step", 2));
        gate.open("p");
        Task done = fixture.awaitTask(submitted.id(), task -> task.state() == TaskState.FINISHED, "finished");
        assertThat(done.progress()).isEqualTo(Map.of("step", 2));
        assertThat(done.result()).isNull();
    }

    @Test
    void givenRunningTask_whenCancelled_thenCanceledAtOnceAndSuccessorStartsOnlyAfterItsCodeReturned()
            throws Exception {
        engine();
        Task first = fixture.submit("gate", Map.of("gate", "first", "stubborn", true), claim("r1", UPDATE));
        gate.awaitStarted("first");
        Task second = fixture.submit("gate", Map.of("gate", "second"), claim("r1", UPDATE));
        assertThat(second.response()).isEqualTo(CallResponse.POSTPONED);

        fixture.cancel.cancel(ANYONE, first.id());

        Task canceled = fixture.get.getTask(ANYONE, first.id());
        assertThat(canceled.state()).isEqualTo(TaskState.CANCELED);
        assertThat(canceled.finishTime()).isNotNull();
        assertThat(canceled.holdsClaims()).isTrue();
        assertThat(fixture.get.getTask(ANYONE, second.id()).state()).isEqualTo(TaskState.WAITING);
        assertThat(gate.hasStarted("second")).isFalse();

        gate.open("first");
        gate.awaitStarted("second");
        assertThat(gate.startedAtNanos.get("second")).isGreaterThanOrEqualTo(gate.returnedAtNanos.get("first"));
        Task afterwards = fixture.awaitTask(first.id(), task -> !task.holdsClaims(), "released");
        assertThat(afterwards.state()).isEqualTo(TaskState.CANCELED);
        assertThat(afterwards.result()).as("a result returned after cancel is discarded").isNull();
        gate.open("second");
        fixture.awaitTask(second.id(), task -> task.state() == TaskState.FINISHED, "finished");
    }

    @Test
    void givenRunningCooperativeTask_whenCancelled_thenOperationIsToldToStop() throws Exception {
        engine();
        Task task = fixture.submit("gate", Map.of("gate", "c"));
        gate.awaitStarted("c");

        fixture.cancel.cancel(ANYONE, task.id());

        gate.awaitReturned("c", Duration.ofSeconds(5));
        assertThat(gate.sawStopRequest.get("c")).isTrue();
        Task released = fixture.awaitTask(task.id(), current -> !current.holdsClaims(), "released");
        assertThat(released.state()).isEqualTo(TaskState.CANCELED);
        assertThat(released.exception()).isNull();
    }

    @Test
    void givenWaitingTask_whenCancelled_thenItNeverRunsAndItsSuccessorDoes() throws Exception {
        engine();
        Task blocker = fixture.submit("gate", Map.of("gate", "blocker"), claim("r1", UPDATE));
        gate.awaitStarted("blocker");
        Task waiting = fixture.submit("gate", Map.of("gate", "never"), claim("r1", UPDATE));
        Task successor = fixture.submit("gate", Map.of("gate", "after"), claim("r1", UPDATE));

        fixture.cancel.cancel(ANYONE, waiting.id());
        gate.open("blocker");
        gate.awaitStarted("after");
        gate.open("after");

        fixture.awaitTask(successor.id(), task -> task.state() == TaskState.FINISHED, "finished");
        Task canceled = fixture.get.getTask(ANYONE, waiting.id());
        assertThat(canceled.state()).isEqualTo(TaskState.CANCELED);
        assertThat(canceled.startTime()).isNull();
        assertThat(gate.hasStarted("never")).isFalse();
    }

    @Test
    void givenNonCancellableRunningTask_whenCancelled_thenRefusedAndItKeepsRunning() throws Exception {
        engine();
        Task task = fixture.submit("gate", Map.of("gate", "n", "cancellable", false));
        gate.awaitStarted("n");

        assertThatThrownBy(() -> fixture.cancel.cancel(ANYONE, task.id())).isInstanceOf(TaskNotCancellableException.class);

        assertThat(fixture.get.getTask(ANYONE, task.id()).state()).isEqualTo(TaskState.RUNNING);
        gate.open("n");
        fixture.awaitTask(task.id(), current -> current.state() == TaskState.FINISHED, "finished");
    }

    @Test
    void givenTerminalTask_whenCancelled_thenItStaysAsItWas_andAnUnknownOneIsNotFound() throws Exception {
        engine();
        Task task = fixture.submit("gate", Map.of("gate", "t"));
        gate.open("t");
        Task finished = fixture.awaitTask(task.id(), current -> current.state() == TaskState.FINISHED, "finished");

        fixture.cancel.cancel(ANYONE, task.id());

        assertThat(fixture.get.getTask(ANYONE, task.id())).isEqualTo(finished);
        assertThatThrownBy(() -> fixture.cancel.cancel(ANYONE, TaskId.random())).isInstanceOf(TaskNotFoundException.class);
    }

    @Test
    void givenTimeLimit_whenExceeded_thenErrorWithTheTimeLimitCodeAndOperationToldToStop() throws Exception {
        engine();
        Task task = fixture.submit.submit(ANYONE, new SubmitCallCommand("gate", Map.of("gate", "slow"), List.of(),
                List.of(), Optional.of(Duration.ofMillis(200))));

        Task timedOut = fixture.awaitTask(task.id(), current -> current.state() == TaskState.ERROR, "in error");

        assertThat(timedOut.errorCode()).isEqualTo(ErrorCode.TIME_LIMIT_EXCEEDED);
        assertThat(timedOut.exception())
                .isEqualTo("TimeoutException: the task ran longer than its time limit of 0.2 seconds");
        assertThat(timedOut.traceback()).isNull();
        gate.awaitReturned("slow", Duration.ofSeconds(5));
        assertThat(gate.sawStopRequest.get("slow")).isTrue();
        assertThat(fixture.awaitTask(task.id(), current -> !current.holdsClaims(), "released").errorCode())
                .isEqualTo(ErrorCode.TIME_LIMIT_EXCEEDED);
    }

    @Test
    void givenRunningTaskCancelledOrTimedOut_whenItsCodeReturns_thenItsClaimsAreReleasedWithoutAStaleWrite()
            throws Exception {
        StaleWrites store = new StaleWrites(new SimpleTaskRepository());
        fixture = new EngineFixture(store, 4, Duration.ofHours(1), gate);
        Task canceled = fixture.submit("gate", Map.of("gate", "cancel-me"));
        Task timed = fixture.submit.submit(ANYONE, new SubmitCallCommand("gate", Map.of("gate", "time-me"), List.of(),
                List.of(), Optional.of(Duration.ofMillis(100))));
        gate.awaitStarted("cancel-me");

        fixture.cancel.cancel(ANYONE, canceled.id());

        assertThat(fixture.awaitTask(canceled.id(), task -> !task.holdsClaims(), "released").state())
                .isEqualTo(TaskState.CANCELED);
        assertThat(fixture.awaitTask(timed.id(), task -> !task.holdsClaims(), "released").errorCode())
                .isEqualTo(ErrorCode.TIME_LIMIT_EXCEEDED);
        // the engine knew why each execution stopped, and read the stored change before writing
        assertThat(store.stale).hasValue(0);
    }

    @Test
    void givenStoreFailingToRecordATasksEnd_whenItRecovers_thenTheTaskEndsOnceAndTheOneBehindItRuns()
            throws Exception {
        FailingEnds store = new FailingEnds(new SimpleTaskRepository());
        fixture = new EngineFixture(store, 4, Duration.ofHours(1), gate);
        Task first = fixture.submit("gate", Map.of("gate", "first"), claim("r1", UPDATE));
        Task behind = fixture.submit("gate", Map.of("gate", "behind"), claim("r1", UPDATE));
        gate.awaitStarted("first");
        store.failing.set(3);

        gate.open("first");
        gate.open("behind");

        // the worker kept the end it could not store and wrote it once the store took writes again
        Task ended = fixture.awaitTask(first.id(), task -> !task.holdsClaims(), "released");
        assertThat(ended.state()).isEqualTo(TaskState.FINISHED);
        assertThat(fixture.awaitTask(behind.id(), task -> task.state() == TaskState.FINISHED, "finished").startTime())
                .isAfterOrEqualTo(ended.finishTime());
        assertThat(store.failing).hasValue(0);
    }

    /** Fails the writes of a task's end while {@link #failing} counts down, as a store that went away does. */
    private static final class FailingEnds extends DelegatingTaskRepository {

        final AtomicInteger failing = new AtomicInteger();

        FailingEnds(TaskRepository delegate) {
            super(delegate);
        }

        @Override
        public Task update(Task changed) {
            failIfDown(changed);
            return super.update(changed);
        }

        @Override
        public Optional<Task> updateAndClaimNext(Task changed, Instant now, String worker) {
            failIfDown(changed);
            return super.updateAndClaimNext(changed, now, worker);
        }

        private void failIfDown(Task changed) {
            if (changed.state().isTerminal() && failing.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new IllegalStateException("database down");
            }
        }
    }

    /** Counts the writes refused because the task changed since it was read. */
    private static final class StaleWrites extends DelegatingTaskRepository {

        final AtomicInteger stale = new AtomicInteger();

        StaleWrites(TaskRepository delegate) {
            super(delegate);
        }

        @Override
        public Task update(Task changed) {
            try {
                return super.update(changed);
            } catch (ConcurrentTaskUpdateException e) {
                stale.incrementAndGet();
                throw e;
            }
        }

        @Override
        public Optional<Task> updateAndClaimNext(Task changed, Instant now, String worker) {
            try {
                return super.updateAndClaimNext(changed, now, worker);
            } catch (ConcurrentTaskUpdateException e) {
                stale.incrementAndGet();
                throw e;
            }
        }
    }

    @Test
    void givenConflictingUpdates_whenQueued_thenTheyStartInSubmissionOrderOneAtATime() throws Exception {
        engine();
        Task[] tasks = new Task[6];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = fixture.submit("gate", Map.of("gate", "u" + i), claim("r1", UPDATE));
        }
        for (int i = 0; i < tasks.length; i++) {
            gate.awaitStarted("u" + i);
            for (int later = i + 1; later < tasks.length; later++) {
                assertThat(gate.hasStarted("u" + later)).as("u%d started before u%d ended", later, i).isFalse();
            }
            gate.open("u" + i);
        }
        for (Task task : tasks) {
            fixture.awaitTask(task.id(), current -> current.state() == TaskState.FINISHED, "finished");
        }
    }

    @Test
    void givenReadsBesideAnUpdate_whenSubmitted_thenAcceptedAndRunTogether() throws Exception {
        engine();
        fixture.submit("gate", Map.of("gate", "update"), claim("r1", UPDATE));
        Task read = fixture.submit("gate", Map.of("gate", "read"), claim("r1", READ));

        assertThat(read.response()).isEqualTo(CallResponse.ACCEPTED);
        gate.awaitStarted("update");
        gate.awaitStarted("read");
        gate.open("update");
        gate.open("read");
    }

    @Test
    void givenTwoWorkers_whenFiveTasksSubmitted_thenAtMostTwoRunAtOnce() throws Exception {
        Operation counting = new FixedOperation("count", context -> {
            int now = running.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                return gate.run(context);
            } finally {
                running.decrementAndGet();
            }
        });
        fixture = new EngineFixture(2, Duration.ofHours(1), gate, counting);
        for (int i = 0; i < 5; i++) {
            fixture.submit("count", Map.of("gate", "w" + i));
        }
        gate.awaitStarted("w0");
        gate.awaitStarted("w1");
        assertThat(gate.hasStarted("w2")).isFalse();
        for (int i = 0; i < 5; i++) {
            gate.open("w" + i);
        }
        for (Task task : fixture.list.listTasks(ANYONE, new ListTasksQuery(
                new TaskFilter(Set.of(), Set.of()), 0, 10)).tasks()) {
            fixture.awaitTask(task.id(), current -> current.state() == TaskState.FINISHED, "finished");
        }
        assertThat(maxConcurrent.get()).isEqualTo(2);
    }

    @Test
    void givenUnknownOperationOrBadArgs_whenSubmitted_thenInvalidCallAndNothingQueued() {
        engine(new FixedOperation("picky", context -> null) {
            @Override
            public void validate(Map<String, Object> args, OperationEnvironment environment) {
                if (!args.isEmpty()) {
                    throw new InvalidArgumentsException("picky takes no args, not " + args.keySet());
                }
            }
        });

        assertThatThrownBy(() -> fixture.submit("nope", Map.of()))
                .isInstanceOf(InvalidCallException.class)
                .hasMessageContaining("Unknown operation 'nope'")
                .hasMessageContaining("gate, picky");
        assertThatThrownBy(() -> fixture.submit("picky", Map.of("x", 1)))
                .isInstanceOf(InvalidCallException.class)
                .hasMessage("Invalid args for operation 'picky': picky takes no args, not [x]");
        assertThat(fixture.list.listTasks(ANYONE, new ListTasksQuery(
                new TaskFilter(Set.of(), Set.of()), 0, 10)).tasks()).isEmpty();
    }

    @Test
    void givenShortRetention_whenTaskFinished_thenItIsRemovedLater() throws Exception {
        fixture = new EngineFixture(1, Duration.ofMillis(100), gate);
        Task task = fixture.submit("gate", Map.of("gate", "r"));
        gate.open("r");
        fixture.awaitTask(task.id(), current -> !current.holdsClaims(), "released");

        Eventually.await(Duration.ofSeconds(10), "the task removed past its retention",
                () -> fixture.repository.findById(task.id()).isEmpty());
    }

    /** An operation defined by a lambda. */
    static class FixedOperation implements Operation {
        private final String name;
        private final Body body;

        FixedOperation(String name, Body body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void validate(Map<String, Object> args, OperationEnvironment environment) {
        }

        @Override
        public Object run(OperationContext context) throws Exception {
            return body.run(context);
        }

        interface Body {
            Object run(OperationContext context) throws Exception;
        }
    }
}
