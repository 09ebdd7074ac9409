package dev.taskmill.application.engine;

import static dev.taskmill.application.engine.EngineFixture.claim;
import static dev.taskmill.domain.ResourceOperation.UPDATE;
import static dev.taskmill.domain.TaskBuilder.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.DelegatingTaskRepository;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine when its server stops, its node goes unheard, or its store refuses a write. */
class EngineFaultsTest {

    private final GateOperation gate = new GateOperation();
    private final CapturedSignals signals = new CapturedSignals();
    private EngineFixture fixture;

    @AfterEach
    void stopEngine() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private EngineFixture engine(TaskRepository repository) {
        fixture = new EngineFixture(repository, signals, 2, Duration.ofHours(1), gate);
        return fixture;
    }

    private EngineFixture engine() {
        return engine(new SimpleTaskRepository());
    }

    // shutting down

    @Test
    void givenRunningTask_whenShutdownWithGrace_thenItEndsAsItsOperationDoes() throws Exception {
        engine();
        Task task = fixture.submit("gate", Map.of("gate", "g"));
        gate.awaitStarted("g");

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> fixture.engine.shutdown(Duration.ofSeconds(30)));
        Thread.sleep(100);
        assertThat(shutdown).as("it waits for the running task").isNotDone();
        gate.open("g");
        shutdown.get(10, TimeUnit.SECONDS);

        Task ended = fixture.get.getTask(EngineFixture.ANYONE, task.id());
        assertThat(ended.state()).isEqualTo(TaskState.FINISHED);
        assertThat(gate.sawStopRequest.get("g")).isFalse();
    }

    @Test
    void givenTaskStillRunningAfterTheGrace_whenItsOperationIsNotSafeToRestart_thenItIsStoppedAndEndsInError() {
        engine();
        Task task = fixture.submit("gate", Map.of("gate", "g"), claim("r1", UPDATE));
        awaitStarted("g");

        fixture.engine.shutdown(Duration.ofMillis(200));

        Task ended = fixture.get.getTask(EngineFixture.ANYONE, task.id());
        assertThat(gate.sawStopRequest.get("g")).isTrue();
        assertThat(ended.state()).isEqualTo(TaskState.ERROR);
        assertThat(ended.exception()).isEqualTo(TaskEngine.SHUTDOWN_ERROR);
        assertThat(ended.errorCode()).isEqualTo(ErrorCode.SERVER_STOPPED);
        assertThat(ended.holdsClaims()).isFalse();
    }

    @Test
    void givenTaskStillRunningAfterTheGrace_whenItsOperationIsSafeToRestart_thenItWaitsToRunAgainWithItsClaims() {
        engine();
        Task task = fixture.submit("gate", Map.of("gate", "g", "restartable", true), claim("r1", UPDATE));
        awaitStarted("g");

        fixture.engine.shutdown(Duration.ofMillis(200));

        Task waiting = fixture.get.getTask(EngineFixture.ANYONE, task.id());
        assertThat(waiting.state()).isEqualTo(TaskState.WAITING);
        assertThat(waiting.startTime()).isNull();
        assertThat(waiting.holdsClaims()).isTrue();
        assertThat(fixture.repository.claimNextRunnable(Instant.now(), WORKER).map(Task::id)).as("another node takes it")
                .contains(task.id());
    }

    @Test
    void givenOperationThatIgnoresTheStop_whenShutdown_thenItsEndIsRecordedAndItsLateEndChangesNothing() {
        engine();
        Task stubborn = fixture.submit("gate", Map.of("gate", "s", "stubborn", true, "restartable", true));
        awaitStarted("s");

        long started = System.nanoTime();
        fixture.engine.shutdown(Duration.ZERO);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TaskEngine.STOP_WAIT.plusSeconds(5));
        assertThat(fixture.get.getTask(EngineFixture.ANYONE, stubborn.id()).state()).isEqualTo(TaskState.WAITING);
        Task secondRun = fixture.repository.claimNextRunnable(Instant.now().plusSeconds(1), WORKER).orElseThrow();

        gate.open("s"); // the first run returns at last, on a worker the engine gave up on
        gate.awaitReturned("s", Duration.ofSeconds(10));
        sleepQuietly(300);

        assertThat(fixture.get.getTask(EngineFixture.ANYONE, stubborn.id())).as("the second run's record")
                .isEqualTo(secondRun);
    }

    // a node that went unheard

    @Test
    void givenNodeLapsed_thenItsRunningOperationsStopAndTheirTasksEndAsLostReleasingTheirClaims() {
        engine();
        Task running = fixture.submit("gate", Map.of("gate", "g"), claim("r1", UPDATE));
        Task behind = fixture.submit("gate", Map.of("gate", "next"), claim("r1", UPDATE));
        awaitStarted("g");

        signals.receiver.nodeLapsed("missed its heartbeats for 45000 ms");

        Task lost = fixture.awaitTask(running.id(), task -> !task.holdsClaims(), "released");
        assertThat(gate.sawStopRequest.get("g")).isTrue();
        assertThat(lost.state()).isEqualTo(TaskState.ERROR);
        assertThat(lost.exception()).isEqualTo("NodeLostError: this node missed its heartbeats for 45000 ms");
        assertThat(lost.errorCode()).isEqualTo(ErrorCode.NODE_LOST);
        awaitStarted("next");
        gate.open("next");
        fixture.awaitTask(behind.id(), task -> task.state() == TaskState.FINISHED, "finished");
    }

    @Test
    void givenNodeLapsedAfterAnotherNodeEndedItsTask_thenTheOtherNodesRecordStands() {
        engine();
        Task running = fixture.submit("gate", Map.of("gate", "g"));
        awaitStarted("g");
        Task current = fixture.repository.findById(running.id()).orElseThrow();
        Task endedElsewhere = fixture.repository.update(
                current.fail(ErrorCode.NODE_LOST, "NodeLostError: ended by another node", null, Instant.now()).releaseClaims());

        signals.receiver.nodeLapsed("missed its heartbeats for 45000 ms");
        gate.awaitReturned("g", Duration.ofSeconds(10));
        sleepQuietly(300);

        assertThat(fixture.repository.findById(running.id())).contains(endedElsewhere);
    }

    // the store refusing writes

    @Test
    void givenStoreRefusingProgressReports_thenTheOperationGoesOnAndItsLatestReportIsStoredWithItsEnd() {
        ProgressRefused store = new ProgressRefused(new SimpleTaskRepository());
        engine(store);
        store.refusing.set(true);
        Task task = fixture.submit("gate", Map.of("gate", "g", "progress", Map.of("done", 7)));
        awaitStarted("g");
        gate.open("g");

        Task ended = fixture.awaitTask(task.id(), t -> t.state().isTerminal(), "ended");

        assertThat(ended.state()).isEqualTo(TaskState.FINISHED);
        assertThat(ended.progress()).isEqualTo(Map.of("done", 7));
    }

    private void awaitStarted(String name) {
        try {
            gate.awaitStarted(name);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Refuses every change of a running task's progress while {@link #refusing}, as a store out of reach does. */
    private static final class ProgressRefused extends DelegatingTaskRepository {

        final AtomicBoolean refusing = new AtomicBoolean();

        ProgressRefused(TaskRepository delegate) {
            super(delegate);
        }

        @Override
        public Task update(Task changed) {
            if (refusing.get() && changed.state() == TaskState.RUNNING) {
                throw new IllegalStateException("database down");
            }
            return super.update(changed);
        }
    }

    /** The signals of a node alone, which hand the tests the engine's receiver. */
    private static final class CapturedSignals implements ClusterSignals {

        volatile Receiver receiver;

        @Override
        public void announceWork() {
        }

        @Override
        public void announceStop(TaskId taskId) {
        }

        @Override
        public void announceChange(TaskChange.Kind kind, TaskId taskId) {
        }

        @Override
        public void follow(boolean following) {
        }

        @Override
        public void watch(TaskId taskId) {
        }

        @Override
        public void subscribe(Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public void close() {
        }
    }
}
