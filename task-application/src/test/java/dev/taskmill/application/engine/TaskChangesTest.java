package dev.taskmill.application.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.TaskFeed;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskBuilder;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskChange.Kind;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import dev.taskmill.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's feed of changes: who follows hears of each change of a task, in order; who waits, of its end. */
class TaskChangesTest {

    private final GateOperation gate = new GateOperation();
    private final Chatty chatty = new Chatty();
    private final List<TaskChange> heard = new CopyOnWriteArrayList<>();
    private EngineFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private List<Kind> kindsOf(TaskId id) {
        return heard.stream().filter(change -> change.task().id().equals(id)).map(TaskChange::kind).toList();
    }

    /**
     * Followers are told on the feed's thread: waits until task {@code id}'s changes heard are
     * {@code kinds}, and a while more, so that one more would have come too.
     */
    private void awaitHeard(TaskId id, Kind... kinds) throws InterruptedException {
        Eventually.await(Duration.ofSeconds(10), "the changes heard", () -> kindsOf(id),
                heardKinds -> heardKinds.size() >= kinds.length);
        Thread.sleep(TaskChanges.TELL_MILLIS * 50); // the teller tells what was queued within about a millisecond
        assertThat(kindsOf(id)).containsExactly(kinds);
    }

    @Test
    void aFollowerHearsTheSubmissionStartAndEndOfATaskInOrderWithTheTaskAsItWasThen() throws Exception {
        fixture = new EngineFixture(1, Duration.ofHours(1), gate);
        fixture.engine.feed().follow(heard::add);
        Task task = fixture.submit("gate", Map.of("gate", "a"));
        gate.awaitStarted("a");
        gate.open("a");
        Eventually.await(Duration.ofSeconds(10), "the end heard", () -> kindsOf(task.id()),
                kinds -> kinds.contains(Kind.ENDED));
        assertThat(kindsOf(task.id())).containsExactly(Kind.SUBMITTED, Kind.STARTED, Kind.ENDED);
        List<TaskState> states = heard.stream().filter(change -> change.task().id().equals(task.id()))
                .map(change -> change.task().state()).toList();
        assertThat(states).containsExactly(TaskState.WAITING, TaskState.RUNNING, TaskState.FINISHED);
        // started by its admission (the worker was idle) or claimed after it, it is heard the same
        List<TaskChange> ofTask = heard.stream().filter(change -> change.task().id().equals(task.id())).toList();
        assertThat(ofTask.get(0).task()).as("the submission heard is the task the use case answered").isEqualTo(task);
        assertThat(ofTask.stream().map(change -> change.task().version()).toList()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void changesStoredWhileASubmissionIsToldAreToldAfterItInTheOrderTheyCame() throws Exception {
        List<TaskChange> listened = new CopyOnWriteArrayList<>();
        TaskChanges changes = new TaskChanges(List.of(listened::add), ClusterSignals.NONE, new SimpleTaskRepository());
        try {
            changes.follow(heard::add);
            Task waiting = TaskBuilder.aWaitingTask().build();
            Task running = TaskBuilder.aRunningTask().withId(waiting.id()).build().withVersion(waiting.version() + 1);
            Task finished = TaskBuilder.aTaskIn(TaskState.FINISHED).withId(waiting.id()).build()
                    .withVersion(waiting.version() + 2);
            changes.admit(List.of(waiting.id()), () -> {
                // a worker starts and ends the task before its submission is told
                changes.storedHere(new TaskChange(Kind.STARTED, running));
                changes.storedHere(new TaskChange(Kind.ENDED, finished));
                assertThat(listened).as("nothing told before the submission").isEmpty();
                return List.of(waiting);
            });
            assertThat(listened).extracting(TaskChange::kind)
                    .containsExactly(Kind.SUBMITTED, Kind.STARTED, Kind.ENDED);
            awaitHeard(waiting.id(), Kind.SUBMITTED, Kind.STARTED, Kind.ENDED);
            // admitted: the next change is told at once by the thread that stores it
            Task again = finished.withVersion(finished.version() + 1);
            changes.storedHere(new TaskChange(Kind.REQUEUED, again));
            assertThat(listened).extracting(TaskChange::kind)
                    .containsExactly(Kind.SUBMITTED, Kind.STARTED, Kind.ENDED, Kind.REQUEUED);
            awaitHeard(waiting.id(), Kind.SUBMITTED, Kind.STARTED, Kind.ENDED, Kind.REQUEUED);
        } finally {
            changes.close();
        }
    }

    @Test
    void changesStoredWhileASubmissionWhoseAnswerIsLostIsStoredAreToldAllTheSame() throws Exception {
        List<TaskChange> listened = new CopyOnWriteArrayList<>();
        TaskChanges changes = new TaskChanges(List.of(listened::add), ClusterSignals.NONE, new SimpleTaskRepository());
        try {
            changes.follow(heard::add);
            Task running = TaskBuilder.aRunningTask().build();
            assertThatThrownBy(() -> changes.admit(List.of(running.id()), () -> {
                // the store kept the task, and a worker started it, but the store's answer was lost
                changes.storedHere(new TaskChange(Kind.STARTED, running));
                throw new IllegalStateException("the connection broke");
            })).hasMessage("the connection broke");

            assertThat(listened).extracting(TaskChange::kind).containsExactly(Kind.STARTED);
            awaitHeard(running.id(), Kind.STARTED);
            Task finished = TaskBuilder.aTaskIn(TaskState.FINISHED).withId(running.id()).build()
                    .withVersion(running.version() + 1);
            changes.storedHere(new TaskChange(Kind.ENDED, finished));
            awaitHeard(running.id(), Kind.STARTED, Kind.ENDED);
        } finally {
            changes.close();
        }
    }

    @Test
    void aCancelIsAnEndAndACancelledFollowerHearsNoMore() throws Exception {
        fixture = new EngineFixture(1, Duration.ofHours(1), gate);
        TaskFeed.Subscription subscription = fixture.engine.feed().follow(heard::add);
        Task running = fixture.submit("gate", Map.of("gate", "run"));
        gate.awaitStarted("run");
        Task waiting = fixture.submit("gate", Map.of("gate", "wait"));
        fixture.cancel.cancel(Caller.anonymous(), waiting.id());
        awaitHeard(waiting.id(), Kind.SUBMITTED, Kind.ENDED);
        awaitHeard(running.id(), Kind.SUBMITTED, Kind.STARTED);
        assertThat(heard).filteredOn(change -> change.task().id().equals(waiting.id()) && change.kind() == Kind.ENDED)
                .extracting(change -> change.task().state()).containsExactly(TaskState.CANCELED);
        subscription.cancel();
        subscription.cancel();
        gate.open("run");
        fixture.awaitTask(running.id(), task -> task.state() == TaskState.FINISHED, "finished");
        // a second follower hears the next change: by then the first would have heard the end
        List<TaskChange> later = new CopyOnWriteArrayList<>();
        fixture.engine.feed().follow(later::add);
        Task next = fixture.submit("gate", Map.of("gate", "next"));
        Eventually.await(Duration.ofSeconds(10), "the next submission heard", () -> later.size(), size -> size > 0);
        assertThat(kindsOf(running.id())).containsExactly(Kind.SUBMITTED, Kind.STARTED);
        assertThat(kindsOf(next.id())).isEmpty();
        gate.open("next");
    }

    @Test
    void aCancelOfARunningTaskIsItsOneEnd() throws Exception {
        fixture = new EngineFixture(1, Duration.ofHours(1), gate);
        fixture.engine.feed().follow(heard::add);
        Task running = fixture.submit("gate", Map.of("gate", "run"));
        gate.awaitStarted("run");
        fixture.cancel.cancel(Caller.anonymous(), running.id());
        Eventually.await(Duration.ofSeconds(10), "the operation returned", () -> gate.returnedAtNanos.containsKey("run"),
                returned -> returned);
        fixture.awaitTask(running.id(), task -> !task.holdsClaims(), "released");
        awaitHeard(running.id(), Kind.SUBMITTED, Kind.STARTED, Kind.ENDED);
    }

    @Test
    void progressReachesFollowersAFewTimesASecondAtMost() {
        fixture = new EngineFixture(1, Duration.ofHours(1), chatty);
        fixture.engine.feed().follow(heard::add);
        Task task = fixture.submit("chatty", Map.of());
        fixture.awaitTask(task.id(), done -> done.state() == TaskState.FINISHED, "finished");
        Eventually.await(Duration.ofSeconds(10), "the end heard", () -> kindsOf(task.id()),
                kinds -> kinds.contains(Kind.ENDED));
        long progress = kindsOf(task.id()).stream().filter(kind -> kind == Kind.PROGRESS).count();
        assertThat(chatty.reports.get()).isEqualTo(1_000);
        assertThat(progress).as("1,000 reports in well under a second").isBetween(1L, 4L);
    }

    @Test
    void aWaiterIsToldOfTheEndOfItsTaskOnlyAndNotAfterItCancels() throws Exception {
        fixture = new EngineFixture(2, Duration.ofHours(1), gate);
        Task mine = fixture.submit("gate", Map.of("gate", "mine"));
        Task other = fixture.submit("gate", Map.of("gate", "other"));
        AtomicInteger told = new AtomicInteger();
        TaskFeed.Subscription watch = fixture.engine.feed().watch(mine.id(), told::incrementAndGet);
        gate.awaitStarted("other");
        gate.open("other");
        fixture.awaitTask(other.id(), task -> task.state() == TaskState.FINISHED, "finished");
        assertThat(told).hasValue(0);
        gate.open("mine");
        Eventually.await(Duration.ofSeconds(10), "the waiter told", told::get, count -> count == 1);
        watch.cancel();
        ((TaskChanges) fixture.engine.feed()).sweep();
        assertThat(told).hasValue(1);
        assertThat(((TaskChanges) fixture.engine.feed()).waitCount()).isZero();
    }

    @Test
    void aChangeAnotherNodeAnnouncedIsReadAndToldWithItsKind() throws Exception {
        SimpleTaskRepository repository = new SimpleTaskRepository();
        fixture = new EngineFixture(repository, 1, Duration.ofHours(1), gate);
        fixture.engine.feed().follow(heard::add);
        Task task = fixture.submit("gate", Map.of("gate", "x"));
        gate.awaitStarted("x");
        awaitHeard(task.id(), Kind.SUBMITTED, Kind.STARTED);
        heard.clear();
        TaskChanges changes = (TaskChanges) fixture.engine.feed();
        changes.announced(Kind.PROGRESS, task.id());
        changes.announced(Kind.ENDED, TaskId.random()); // no such task: nothing to tell
        Eventually.await(Duration.ofSeconds(10), "the announced change told", () -> kindsOf(task.id()),
                kinds -> kinds.equals(List.of(Kind.PROGRESS)));
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).task().state()).isEqualTo(TaskState.RUNNING);
        gate.open("x");
    }

    /** Reports progress a thousand times, as fast as it can. */
    static final class Chatty implements Operation {

        final AtomicInteger reports = new AtomicInteger();

        @Override
        public String name() {
            return "chatty";
        }

        @Override
        public void validate(Map<String, Object> args, OperationEnvironment environment) {
        }

        @Override
        public boolean isCancellable(Map<String, Object> args) {
            return true;
        }

        @Override
        public Object run(OperationContext context) {
            for (int n = 1; n <= 1_000; n++) {
                context.reportProgress(Map.of("done", n));
                reports.incrementAndGet();
            }
            return null;
        }
    }
}
