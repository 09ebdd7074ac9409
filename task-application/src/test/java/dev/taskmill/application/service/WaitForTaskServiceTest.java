package dev.taskmill.application.service;

import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.WORKER;
import static dev.taskmill.domain.TaskBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.TaskEndWatch;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitForTaskServiceTest {

    private static final Caller READER = Caller.user("rita", Set.of(Permission.READ));
    private static final Duration LONG = Duration.ofSeconds(30);

    private final SimpleTaskRepository repository = new SimpleTaskRepository();
    private final RecordingWatch watch = new RecordingWatch();
    private final ScheduledThreadPoolExecutor scheduler = scheduler();
    private final WaitForTaskService service = new WaitForTaskService(repository, watch, scheduler);

    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void givenEndedTask_waitForEnd_answersAtOnce_andWatchesNothing() {
        Task ended = finish(running());

        CompletableFuture<Task> answer = service.waitForEnd(READER, ended.id(), LONG);

        assertThat(answer).isCompletedWithValue(ended);
        assertThat(watch.count()).isZero();
    }

    @Test
    void givenZeroWait_waitForEnd_answersAtOnceWithTheTaskAsItIs() {
        Task task = running();

        assertThat(service.waitForEnd(READER, task.id(), Duration.ZERO)).isCompletedWithValue(task);
        assertThat(watch.count()).isZero();
    }

    @Test
    void givenRunningTask_whenItEndsAndTheEngineSaysSo_theWaitAnswersWithTheEndedTask_andIsForgotten()
            throws Exception {
        Task task = running();
        CompletableFuture<Task> answer = service.waitForEnd(READER, task.id(), LONG);
        assertThat(answer).isNotDone();
        assertThat(watch.count()).isEqualTo(1);

        Task ended = finish(task);
        watch.fire(task.id());

        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(ended);
        assertThat(watch.count()).isZero();
        assertThat(scheduler.getQueue()).as("the timeout is forgotten too").isEmpty();
    }

    @Test
    void givenSignalBeforeTheEnd_theWaitGoesOn() throws Exception {
        Task task = running();
        CompletableFuture<Task> answer = service.waitForEnd(READER, task.id(), LONG);

        watch.fire(task.id()); // a hint only: the task still runs
        scheduler.submit(() -> { }).get(5, TimeUnit.SECONDS); // the re-read ran

        assertThat(answer).isNotDone();
        assertThat(watch.count()).isEqualTo(1);
    }

    @Test
    void givenRunningTask_whenTheWaitIsOver_itAnswersWithTheTaskAsItIs_andIsForgotten() throws Exception {
        Task task = running();

        CompletableFuture<Task> answer = service.waitForEnd(READER, task.id(), Duration.ofMillis(200));

        assertThat(answer.get(5, TimeUnit.SECONDS).state()).isEqualTo(TaskState.RUNNING);
        assertThat(watch.count()).isZero();
    }

    @Test
    void givenAnEndBetweenTheFirstReadAndTheWatch_theWaitAnswersAtOnce() {
        Task task = running();
        List<Task> endedUnseen = new ArrayList<>();
        watch.onWatch = id -> endedUnseen.add(finish(task)); // ends before the watch exists: no signal

        CompletableFuture<Task> answer = service.waitForEnd(READER, task.id(), LONG);

        assertThat(answer).isCompletedWithValue(endedUnseen.get(0));
        assertThat(watch.count()).isZero();
    }

    @Test
    void givenAWaitingClient_whoGoesAway_cancellingTheWaitLeavesNoWatchNorTimer() {
        Task task = running();
        CompletableFuture<Task> answer = service.waitForEnd(READER, task.id(), LONG);
        assertThat(watch.count()).isEqualTo(1);
        assertThat(scheduler.getQueue()).hasSize(1);

        answer.cancel(false);

        assertThat(watch.count()).isZero();
        assertThat(scheduler.getQueue()).isEmpty();
    }

    @Test
    void givenWaits_whenTheServerStops_eachAnswersNowWithItsTaskAsItIs() throws Exception {
        Task one = running();
        CompletableFuture<Task> first = service.waitForEnd(READER, one.id(), LONG);
        CompletableFuture<Task> second = service.waitForEnd(READER, one.id(), LONG);

        service.answerAllNow();

        assertThat(first.get(5, TimeUnit.SECONDS).state()).isEqualTo(TaskState.RUNNING);
        assertThat(second.get(5, TimeUnit.SECONDS).state()).isEqualTo(TaskState.RUNNING);
        assertThat(watch.count()).isZero();
        assertThat(scheduler.getQueue()).isEmpty();
    }

    @Test
    void givenTaskGoneWhileWaiting_theWaitFailsNotFound() throws Exception {
        Task task = running();
        CompletableFuture<Task> answer = service.waitForEnd(READER, task.id(), LONG);

        repository.removeFinishedBefore(T0.plusSeconds(3600)); // it has not finished: still there
        assertThat(answer).isNotDone();
        finish(task);
        repository.removeFinishedBefore(T0.plusSeconds(3600));
        watch.fire(task.id());

        assertThat(answer).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(TaskNotFoundException.class);
        assertThat(watch.count()).isZero();
    }

    @Test
    void waitForEnd_checksAccessBeforeWaiting_asAReadDoes() {
        Task theirs = repository.admit(aSubmission().submittedBy("owen").buildSubmission());
        Caller stranger = Caller.user("sam", Set.of(Permission.CREATE));
        Caller owner = Caller.user("owen", Set.of(Permission.CREATE));

        assertThatThrownBy(() -> service.waitForEnd(stranger, theirs.id(), LONG))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.waitForEnd(stranger, TaskId.random(), LONG))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.waitForEnd(READER, TaskId.random(), LONG))
                .isInstanceOf(TaskNotFoundException.class);
        assertThat(watch.count()).isZero();
        assertThat(service.waitForEnd(owner, theirs.id(), LONG)).isNotDone();
    }

    @Test
    void waitForEnd_refusesAWaitOutOfItsBounds() {
        Task task = running();

        assertThatThrownBy(() -> service.waitForEnd(READER, task.id(), Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 60");
        assertThatThrownBy(() -> service.waitForEnd(READER, task.id(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(watch.count()).isZero();
    }

    private Task running() {
        Task admitted = repository.admit(aSubmission().buildSubmission());
        return repository.claimNextRunnable(T0, WORKER).filter(t -> t.id().equals(admitted.id())).orElseThrow();
    }

    private Task finish(Task running) {
        Task current = repository.findById(running.id()).orElseThrow();
        return repository.update(current.finish("done", T0.plusSeconds(1)).releaseClaims());
    }

    /** A {@link TaskEndWatch} that the test fires by hand. */
    private static final class RecordingWatch implements TaskEndWatch {

        final Map<TaskId, List<Runnable>> watchers = new ConcurrentHashMap<>();
        volatile Consumer<TaskId> onWatch = id -> { };

        @Override
        public Watch watch(TaskId taskId, Runnable mayHaveEnded) {
            Runnable registration = mayHaveEnded::run;
            watchers.computeIfAbsent(taskId, id -> new CopyOnWriteArrayList<>()).add(registration);
            onWatch.accept(taskId);
            return () -> watchers.getOrDefault(taskId, List.of()).remove(registration);
        }

        void fire(TaskId taskId) {
            watchers.getOrDefault(taskId, List.of()).forEach(Runnable::run);
        }

        int count() {
            return watchers.values().stream().mapToInt(List::size).sum();
        }
    }
}
