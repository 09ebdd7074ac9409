package dev.taskmill.application.service;

import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.port.in.FollowTaskEventsUseCase;
import dev.taskmill.application.port.in.TaskEvent;
import dev.taskmill.application.port.out.TaskFeed;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.SearchField;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskChange.Kind;
import dev.taskmill.domain.TaskCondition;
import dev.taskmill.domain.TaskId;
import dev.taskmill.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The streams of task events: filters, the owner rule, resuming, reset, slow clients, the server's stop. */
class TaskEventsServiceTest {

    private static final Caller ANYONE = Caller.anonymous();
    private final ManualFeed feed = new ManualFeed();
    private TaskEventsService events = new TaskEventsService(feed, 5, 20);

    @AfterEach
    void close() {
        events.close();
    }

    /** Takes the events of {@code stream} until {@code count} came; fails after 5 s. */
    private static List<TaskEvent> await(FollowTaskEventsUseCase.Stream stream, int count) {
        List<TaskEvent> taken = new ArrayList<>();
        Eventually.await(Duration.ofSeconds(5), count + " events", () -> {
            taken.addAll(stream.take(100));
            return taken.size();
        }, size -> size >= count);
        return taken;
    }

    @Test
    void aStreamGetsTheChangesItsFilterSuitsInOrderWithIncreasingIds() {
        FollowTaskEventsUseCase.Stream stream = events.follow(ANYONE, new TaskCondition.ContainsAll(SearchField.TAGS, List.of("a")),
                null, () -> { });
        Task tagged = aWaitingTask().withTags("a", "b").build();
        feed.push(Kind.SUBMITTED, aWaitingTask().withTags("b").build());
        feed.push(Kind.SUBMITTED, tagged);
        feed.push(Kind.STARTED, aRunningTask().withId(tagged.id()).withTags("a", "b").build());
        List<TaskEvent> taken = await(stream, 2);
        assertThat(taken).extracting(TaskEvent::type).containsExactly(TaskEvent.Type.SUBMITTED,
                TaskEvent.Type.STARTED);
        assertThat(taken).extracting(event -> event.task().id()).containsOnly(tagged.id());
        long first = Long.parseLong(taken.get(0).id().split("-")[1]);
        long second = Long.parseLong(taken.get(1).id().split("-")[1]);
        assertThat(second).isGreaterThan(first);
        assertThat(taken.get(0).id().split("-")[0]).isEqualTo(taken.get(1).id().split("-")[0]);
    }

    @Test
    void aCallerWithoutReadSeesOnlyTheirOwnTasks() {
        Caller alice = Caller.user("alice", EnumSet.of(Permission.CREATE));
        FollowTaskEventsUseCase.Stream stream = events.follow(alice, TaskCondition.everything(), null, () -> { });
        feed.push(Kind.SUBMITTED, aWaitingTask().submittedBy("bob").build());
        Task hers = aWaitingTask().submittedBy("alice").build();
        feed.push(Kind.SUBMITTED, hers);
        assertThat(await(stream, 1)).extracting(event -> event.task().id()).containsExactly(hers.id());
        assertThat(stream.take(10)).isEmpty();
    }

    @Test
    void aClientThatResumesGetsWhatItMissedAndAResetWhenThatIsNoLongerHeld() {
        FollowTaskEventsUseCase.Stream first = events.follow(ANYONE, TaskCondition.everything(), null, () -> { });
        List<Task> tasks = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            tasks.add(aWaitingTask().build());
            feed.push(Kind.SUBMITTED, tasks.get(n));
        }
        List<TaskEvent> seen = await(first, 4);
        first.close();

        FollowTaskEventsUseCase.Stream resumed = events.follow(ANYONE, TaskCondition.everything(), seen.get(1).id(), () -> { });
        assertThat(await(resumed, 2)).extracting(event -> event.task().id()).containsExactly(tasks.get(2).id(),
                tasks.get(3).id());

        for (int n = 0; n < 6; n++) {
            feed.push(Kind.SUBMITTED, aWaitingTask().build()); // the history holds 5
        }
        List<TaskEvent> newest = await(resumed, 6);
        FollowTaskEventsUseCase.Stream late = events.follow(ANYONE, TaskCondition.everything(), seen.get(3).id(), () -> { });
        List<TaskEvent> afterReset = await(late, 1);
        assertThat(afterReset.get(0).type()).isEqualTo(TaskEvent.Type.RESET);
        assertThat(afterReset.get(0).message()).contains("no longer held");

        FollowTaskEventsUseCase.Stream stranger = events.follow(ANYONE, TaskCondition.everything(), "0badc0de-3", () -> { });
        assertThat(await(stranger, 1).get(0).type()).isEqualTo(TaskEvent.Type.RESET);
        FollowTaskEventsUseCase.Stream current = events.follow(ANYONE, TaskCondition.everything(),
                newest.get(newest.size() - 1).id(), () -> { });
        assertThat(current.take(10)).as("nothing missed after the newest").isEmpty();
        FollowTaskEventsUseCase.Stream future = events.follow(ANYONE, TaskCondition.everything(),
                newest.get(0).id().split("-")[0] + "-999", () -> { });
        assertThat(future.take(10)).extracting(TaskEvent::type).containsExactly(TaskEvent.Type.RESET);
    }

    @Test
    void aStreamWhoseClientFallsTooFarBehindIsClosedWithALastEventThatSaysWhy() {
        AtomicInteger wakes = new AtomicInteger();
        FollowTaskEventsUseCase.Stream slow = events.follow(ANYONE, TaskCondition.everything(), null, wakes::incrementAndGet);
        for (int n = 0; n < 25; n++) {
            feed.push(Kind.SUBMITTED, aWaitingTask().build());
        }
        Eventually.await(Duration.ofSeconds(5), "the stream closed", events::streamCount, count -> count == 0);
        List<TaskEvent> taken = slow.take(100);
        assertThat(taken).extracting(TaskEvent::type).containsExactly(TaskEvent.Type.CLOSED);
        assertThat(taken.get(0).message()).contains("fell more than 20 events behind");
        feed.push(Kind.SUBMITTED, aWaitingTask().build());
        assertThat(slow.take(100)).isEmpty();
        assertThat(wakes.get()).isPositive();
    }

    @Test
    void aBusyStreamIsWokenAtMostOnceAWakeInterval_andReadsWhatCameMeanwhileAtOnce()
            throws Exception {
        List<Long> wokenAt = new CopyOnWriteArrayList<>();
        List<Integer> read = new CopyOnWriteArrayList<>();
        AtomicReference<FollowTaskEventsUseCase.Stream> followed = new AtomicReference<>();
        // an adapter that reads at once whenever it is woken
        followed.set(events.follow(ANYONE, TaskCondition.everything(), null, () -> {
            wokenAt.add(System.nanoTime());
            read.add(followed.get().take(100).size());
        }));
        for (int n = 0; n < 15; n++) { // under the lag allowed (20) at any time
            feed.push(Kind.SUBMITTED, aWaitingTask().build());
            Thread.sleep(5);
        }
        Eventually.await(Duration.ofSeconds(5), "every event read", () -> read.stream().mapToInt(Integer::intValue).sum(),
                sum -> sum == 15);
        assertThat(wokenAt).hasSizeGreaterThan(1).hasSizeLessThan(15);
        for (int i = 1; i < wokenAt.size(); i++) {
            assertThat(wokenAt.get(i) - wokenAt.get(i - 1)).as("from one wake-up to the next")
                    .isGreaterThanOrEqualTo(TaskEventsService.WAKE_MILLIS * 1_000_000);
        }
    }

    @Test
    void theFirstEventAfterAQuietSpellWakesItsStreamAtOnce() throws Exception {
        Thread.sleep(150); // no stream open: the waker waits for one (for up to a second)
        List<Long> wokenAt = new CopyOnWriteArrayList<>();
        AtomicReference<FollowTaskEventsUseCase.Stream> followed = new AtomicReference<>();
        followed.set(events.follow(ANYONE, TaskCondition.everything(), null, () -> {
            if (!followed.get().take(100).isEmpty()) {
                wokenAt.add(System.nanoTime());
            }
        }));
        for (int n = 1; n <= 3; n++) {
            Thread.sleep(150); // quiet: the waker waits for the next event (for up to a second)
            long pushed = System.nanoTime();
            feed.push(Kind.SUBMITTED, aWaitingTask().build());
            int seen = n;
            Eventually.await(Duration.ofSeconds(5), "the event read", wokenAt::size, size -> size == seen);
            assertThat(wokenAt.get(n - 1) - pushed).as("from the event to its stream's wake-up")
                    .isLessThan(Duration.ofMillis(500).toNanos());
        }
    }

    @Test
    void aStreamWithAFilterNothingSuitsStillReadsPastWhatItSkips() {
        FollowTaskEventsUseCase.Stream none = events.follow(ANYONE,
                new TaskCondition.ContainsAll(SearchField.TAGS, List.of("never")), null, () -> { });
        for (int n = 0; n < 100; n++) { // five times the lag allowed: read and skipped, not lagging
            feed.push(Kind.SUBMITTED, aWaitingTask().build());
            assertThat(none.take(10)).isEmpty();
        }
        assertThat(none.hasEvents()).isFalse();
        assertThat(events.streamCount()).isEqualTo(1);
        Task tagged = aWaitingTask().withTags("never").build();
        feed.push(Kind.SUBMITTED, tagged);
        assertThat(await(none, 1)).extracting(event -> event.task().id()).containsExactly(tagged.id());
    }

    @Test
    void theFeedIsFollowedOnlyOnceAStreamOpensAndTheServersStopClosesEveryStream() {
        assertThat(feed.followers).isEmpty();
        FollowTaskEventsUseCase.Stream stream = events.follow(ANYONE, TaskCondition.everything(), null, () -> { });
        assertThat(feed.followers).hasSize(1);
        events.close();
        assertThat(stream.take(10)).extracting(TaskEvent::type).containsExactly(TaskEvent.Type.CLOSED);
        assertThat(feed.followers).isEmpty();
        FollowTaskEventsUseCase.Stream afterwards = events.follow(ANYONE, TaskCondition.everything(), null, () -> { });
        assertThat(afterwards.take(10)).extracting(TaskEvent::message).containsExactly("the server is stopping");
    }

    @Test
    void changesToldOnManyThreadsAtOnceReachAStreamEachOnceInTheOrderOfTheirIds() throws InterruptedException {
        events.close();
        int threads = 4;
        int perThread = 5_000;
        events = new TaskEventsService(feed, 100_000, 100_000);
        FollowTaskEventsUseCase.Stream stream = events.follow(ANYONE, TaskCondition.everything(), null, () -> { });
        Task task = aWaitingTask().build();
        List<Thread> telling = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int n = 0; n < perThread; n++) {
                    feed.push(Kind.SUBMITTED, task);
                }
            });
            thread.start();
            telling.add(thread);
        }
        List<TaskEvent> taken = new ArrayList<>();
        Eventually.await(Duration.ofSeconds(10), "every event", () -> {
            taken.addAll(stream.take(1_000));
            return taken.size();
        }, size -> size >= threads * perThread);
        for (Thread thread : telling) {
            thread.join();
        }
        assertThat(taken).hasSize(threads * perThread);
        for (int i = 0; i < taken.size(); i++) {
            assertThat(taken.get(i).number()).as("event %d", i).isEqualTo(i + 1L);
        }
        assertThat(taken.get(0).id()).endsWith("-1").isNotEqualTo(taken.get(1).id());
        assertThat(events.streamCount()).as("nobody fell behind").isEqualTo(1);
    }

    /** A feed the test pushes changes into. */
    private static final class ManualFeed implements TaskFeed {

        final List<Consumer<TaskChange>> followers = new CopyOnWriteArrayList<>();

        void push(Kind kind, Task task) {
            followers.forEach(follower -> follower.accept(new TaskChange(kind, task)));
        }

        @Override
        public Subscription follow(Consumer<TaskChange> follower) {
            followers.add(follower);
            return () -> followers.remove(follower);
        }

        @Override
        public Subscription watch(TaskId taskId, Runnable mayHaveEnded) {
            throw new UnsupportedOperationException();
        }
    }
}
