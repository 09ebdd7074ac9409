package dev.taskmill.application.service;

import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.WORKER;
import static dev.taskmill.domain.TaskBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.TaskFeed;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import dev.taskmill.testing.Eventually;
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
        assertNoWatchLeft();
    }

    @Test
    void givenZeroWait_waitForEnd_answersAtOnceWithTheTaskAsItIs() {
        Task task = running();

        assertThat(service.waitForEnd(READER, task.id(), Duration.ZERO)).isCompletedWithValue(task);
        assertNoWatchLeft();
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
        assertNoWatchLeft();
        Eventually.await(Duration.ofSeconds(5), "the timeout is forgotten too", () -> scheduler.getQueue().isEmpty());
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
        assertNoWatchLeft();
    }

    @Test
    void givenAnEndBetweenTheFirstReadAndTheWatch_theWaitAnswersAtOnce() {
        Task task = running();
        List<Task> endedUnseen = new ArrayList<>();
        watch.onWatch = id -> endedUnseen.add(finish(task)); // ends before the watch exists: no signal

        CompletableFuture<Task> answer = service.waitForEnd(READER, task.id(), LONG);

        assertThat(answer).isCompletedWithValue(endedUnseen.get(0));
        assertNoWatchLeft();
    }

    @Test
    void givenAWaitingClient_whoGoesAway_cancellingTheWaitLeavesNoWatchNorTimer() {
        Task task = running();
        CompletableFuture<Task> answer = service.waitForEnd(READER, task.id(), LONG);
        assertThat(watch.count()).isEqualTo(1);
        assertThat(scheduler.getQueue()).hasSize(1);

        answer.cancel(false);

        assertNoWatchLeft();
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
        assertNoWatchLeft();
        Eventually.await(Duration.ofSeconds(5), "the timeouts forgotten", () -> scheduler.getQueue().isEmpty());
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
        assertNoWatchLeft();
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
        assertNoWatchLeft();
        assertThat(service.waitForEnd(owner, theirs.id(), LONG)).isNotDone();
    }

    @Test
    void waitForEnd_refusesAWaitOutOfItsBounds() {
        Task task = running();

        assertThatThrownBy(() -> service.waitForEnd(READER, task.id(), Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 60");
        assertThatThrownBy(() -> service.waitForEnd(READER, task.id(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertNoWatchLeft();
    }

    /** The completion of a wait forgets its watch just after the answer: a reader of the answer may come first. */
    private void assertNoWatchLeft() {
        Eventually.await(Duration.ofSeconds(5), "no watch left", () -> watch.count() == 0);
    }

    private Task running() {
        Task admitted = repository.admit(aSubmission().buildSubmission());
        return repository.claimNextRunnable(T0, WORKER).filter(t -> t.id().equals(admitted.id())).orElseThrow();
    }

    private Task finish(Task running) {
        Task current = repository.findById(running.id()).orElseThrow();
        return repository.update(current.finish("done", T0.plusSeconds(1)).releaseClaims());
    }

    /** A {@link TaskFeed} whose waits the test fires by hand. */
    private static final class RecordingWatch implements TaskFeed {

        final Map<TaskId, List<Runnable>> watchers = new ConcurrentHashMap<>();
        volatile Consumer<TaskId> onWatch = id -> { };

        @Override
        public Subscription follow(Consumer<TaskChange> follower) {
            throw new UnsupportedOperationException("waits do not follow every change");
        }

        @Override
        public Subscription watch(TaskId taskId, Runnable mayHaveEnded) {
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
