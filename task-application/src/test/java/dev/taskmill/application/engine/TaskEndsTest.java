package dev.taskmill.application.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.TaskEndWatch;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine tells whoever watches a task of its end: a run's end, a time-out, a cancel, another node's end. */
class TaskEndsTest {

    private final GateOperation gate = new GateOperation();
    private final CapturedSignals signals = new CapturedSignals();
    private final EngineFixture fixture = new EngineFixture(new SimpleTaskRepository(), signals, 2,
            Duration.ofHours(1), gate);
    private final Semaphore told = new Semaphore(0);

    @AfterEach
    void stopEngine() {
        fixture.close();
    }

    @Test
    void givenWatchedRunningTask_whenItsCodeReturns_theWatcherIsTold_andTheOtherNodesToo() throws Exception {
        Task task = running("a", Optional.empty());
        fixture.engine.watch(task.id(), told::release);

        gate.open("a");

        assertThat(told.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fixture.get.getTask(Caller.anonymous(), task.id()).state()).isEqualTo(TaskState.FINISHED);
        assertThat(signals.ends).contains(task.id());
    }

    @Test
    void givenWatchedRunningTask_whenItTimesOut_theWatcherIsToldOnceItIsInError() throws Exception {
        Task task = running("slow", Optional.of(Duration.ofMillis(300)));
        List<TaskState> seen = new CopyOnWriteArrayList<>();
        fixture.engine.watch(task.id(), () -> {
            seen.add(fixture.repository.findById(task.id()).orElseThrow().state());
            told.release();
        });

        assertThat(told.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.get(0)).isEqualTo(TaskState.ERROR);
    }

    @Test
    void givenWatchedRunningTask_whenCancelled_theWatcherIsTold() throws Exception {
        Task task = running("c", Optional.empty());
        fixture.engine.watch(task.id(), told::release);

        fixture.cancel.cancel(Caller.anonymous(), task.id());

        assertThat(told.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void givenWatchedTask_whenAnotherNodeAnnouncesItsEnd_theWatcherIsTold_untilTheWatchIsCancelled() {
        TaskId elsewhere = TaskId.random();
        TaskEndWatch.Watch watch = fixture.engine.watch(elsewhere, told::release);
        fixture.engine.watch(TaskId.random(), () -> { });
        assertThat(fixture.engine.watchCount()).isEqualTo(2);

        signals.receiver.endAnnounced(elsewhere);
        assertThat(told.availablePermits()).isEqualTo(1);

        watch.cancel();
        watch.cancel();
        signals.receiver.endAnnounced(elsewhere);
        assertThat(told.availablePermits()).isEqualTo(1);
        assertThat(fixture.engine.watchCount()).isEqualTo(1);
    }

    private Task running(String gateName, Optional<Duration> timeLimit) throws InterruptedException {
        Task task = fixture.submit.submit(Caller.anonymous(), new SubmitCallCommand("gate", Map.of("gate", gateName),
                List.of(), List.of(), timeLimit));
        gate.awaitStarted(gateName);
        return task;
    }
}
