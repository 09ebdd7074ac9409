package dev.taskmill.adapter.postgres;

import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.WORKER;
import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompletionBatcherTest {

    private static final Instant NOW = T0;
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final int WORKERS = 8;
    private static final int COMPLETIONS_EACH = 300;

    /** A change by the worker that every test but the first has. */
    private static CompletionBatcher.Change change(Task changed) {
        return new CompletionBatcher.Change(changed, WORKER);
    }

    @Test
    void givenWorkersFinishingTogether_eachChangeIsStoredOnce_andEachClaimedTaskGoesToTheOneWorkerItNames()
            throws Exception {
        BatchingStore store = new BatchingStore();
        CompletionBatcher batcher = new CompletionBatcher(store, CLOCK);
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<TaskId>>> received = new ArrayList<>();
        AtomicInteger staleSeen = new AtomicInteger();
        List<String> strays = new CopyOnWriteArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String worker = "taskmill-batcher-" + (w + 1);
            received.add(workers.submit(() -> {
                start.await();
                List<TaskId> mine = new ArrayList<>();
                for (int i = 0; i < COMPLETIONS_EACH; i++) {
                    Task changed = aRunningTask().runBy(worker).build();
                    try {
                        batcher.updateAndClaimNext(new CompletionBatcher.Change(changed, worker), NOW).ifPresent(task -> {
                            mine.add(task.id());
                            if (!worker.equals(task.workerName())) {
                                strays.add(task.id() + " started by " + task.workerName() + " went to " + worker);
                            }
                        });
                    } catch (ConcurrentTaskUpdateException e) {
                        staleSeen.incrementAndGet();
                        assertThat(store.stale).contains(changed.id());
                    }
                }
                return mine;
            }));
        }
        start.countDown();
        Set<TaskId> handedOut = new HashSet<>();
        int count = 0;
        for (Future<List<TaskId>> worker : received) {
            List<TaskId> ids = worker.get(60, TimeUnit.SECONDS);
            handedOut.addAll(ids);
            count += ids.size();
        }
        workers.shutdown();

        int total = WORKERS * COMPLETIONS_EACH;
        assertThat(store.stored).hasSize(total - store.stale.size());
        assertThat(staleSeen.get()).isEqualTo(store.stale.size()).isPositive();
        // every claimed task reached exactly one worker
        assertThat(count).isEqualTo(handedOut.size()).isEqualTo(store.claimed.size());
        assertThat(handedOut).isEqualTo(store.claimed);
        assertThat(strays).as("tasks handed to a worker other than the one the store started them by").isEmpty();
        // workers that finished while a call was in flight went together in the next one
        assertThat(store.largestBatch.get()).isGreaterThan(1);
        assertThat(store.mostInFlight.get()).isEqualTo(1);
    }

    @Test
    void givenWorkersHandedTasksByOneCall_theNextCallWaitsForAllOfThem() throws Exception {
        BatchingStore store = BatchingStore.claimingForEveryChange();
        CompletionBatcher batcher = new CompletionBatcher(store, CLOCK);
        int workers = 4;
        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    batcher.updateAndClaimNext(change(aRunningTask().build()), NOW);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : running) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // without waiting, the first worker back from a call of four goes alone, and the
        // other three follow in the next: two changes a call on average
        assertThat((double) store.changes.get() / store.calls.get()).isGreaterThan(3.0);
    }

    @Test
    void givenAWorkerStillRunningItsTask_theOthersCallsDoNotWaitForIt() throws Exception {
        BatchingStore store = BatchingStore.claimingForEveryChange();
        CompletionBatcher batcher = new CompletionBatcher(store, CLOCK);
        CountDownLatch othersDone = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        // one call hands both workers a task
        CountDownLatch bothBack = new CountDownLatch(2);
        Future<?> slow = pool.submit(() -> {
            bothBack.countDown();
            bothBack.await();
            batcher.updateAndClaimNext(change(aRunningTask().build()), NOW);
            // runs its task until the other worker made many calls without it
            assertThat(othersDone.await(30, TimeUnit.SECONDS)).isTrue();
            batcher.updateAndClaimNext(change(aRunningTask().build()), NOW);
            return null;
        });
        Future<?> fast = pool.submit(() -> {
            bothBack.countDown();
            bothBack.await();
            for (int i = 0; i < 50; i++) {
                batcher.updateAndClaimNext(change(aRunningTask().build()), NOW);
            }
            othersDone.countDown();
            return null;
        });

        fast.get(30, TimeUnit.SECONDS);
        slow.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(store.changes.get()).isEqualTo(52);
    }

    @Test
    void givenAFailingStore_everyWorkerInTheCall_getsTheFailure() {
        BatchingStore store = new BatchingStore();
        store.failing = true;
        CompletionBatcher batcher = new CompletionBatcher(store, CLOCK);

        assertThatThrownBy(() -> batcher.updateAndClaimNext(change(aRunningTask().build()), NOW))
                .isInstanceOf(IllegalStateException.class).hasMessage("database down");
    }

    @Test
    void givenACall_itsClaimsStartWhenItGoes_orAtACallersLaterNow() {
        BatchingStore store = BatchingStore.claimingForEveryChange();
        Instant goes = T0.plusSeconds(10);
        CompletionBatcher batcher = new CompletionBatcher(store, Clock.fixed(goes, ZoneOffset.UTC));

        batcher.updateAndClaimNext(change(aRunningTask().build()), T0);
        batcher.updateAndClaimNext(change(aRunningTask().build()), goes.plusSeconds(5));

        // a worker's now was read before it waited for the call in flight: the call's own time is later
        assertThat(store.claimTimes).containsExactly(goes, goes.plusSeconds(5));
    }

    /**
     * A store whose calls take a millisecond, which marks every tenth change stale, claims a new
     * waiting task for every other one but every seventh (unless made to claim for every
     * change), started by the workers of the first changes stored, in order, as the contract of
     * {@link CompletionBatcher.Batch} says, and counts what it did.
     */
    private static final class BatchingStore implements CompletionBatcher.Batch {

        final Set<TaskId> stored = ConcurrentHashMap.newKeySet();
        final Set<TaskId> stale = ConcurrentHashMap.newKeySet();
        final Set<TaskId> claimed = ConcurrentHashMap.newKeySet();
        final AtomicInteger largestBatch = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final AtomicInteger changes = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final List<Instant> claimTimes = new CopyOnWriteArrayList<>();
        private final int staleEvery;
        private final int emptyEvery;
        volatile boolean failing;

        BatchingStore() {
            this(10, 7);
        }

        private BatchingStore(int staleEvery, int emptyEvery) {
            this.staleEvery = staleEvery;
            this.emptyEvery = emptyEvery;
        }

        /** A store that stores every change and claims a task for each. */
        static BatchingStore claimingForEveryChange() {
            return new BatchingStore(Integer.MAX_VALUE, Integer.MAX_VALUE);
        }

        @Override
        public CompletionBatcher.Completions updateAllAndClaimNext(List<CompletionBatcher.Change> batch,
                Instant now) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (failing) {
                    throw new IllegalStateException("database down");
                }
                largestBatch.accumulateAndGet(batch.size(), Math::max);
                claimTimes.add(now);
                calls.incrementAndGet();
                Set<TaskId> staleNow = new HashSet<>();
                List<String> storedFor = new ArrayList<>();
                int runnable = 0;
                for (CompletionBatcher.Change change : batch) {
                    Task changed = change.changed();
                    int n = changes.incrementAndGet();
                    if (n % staleEvery == 0) {
                        staleNow.add(changed.id());
                        stale.add(changed.id());
                    } else {
                        stored.add(changed.id());
                        storedFor.add(change.worker());
                        if (n % emptyEvery != 0) {
                            runnable++;
                        }
                    }
                }
                // as many as are runnable, for the workers of the first changes stored
                List<Task> claimedNow = new ArrayList<>();
                for (int i = 0; i < runnable; i++) {
                    Task next = aWaitingTask().build().start(now, storedFor.get(i));
                    claimedNow.add(next);
                    claimed.add(next.id());
                }
                Thread.sleep(1);
                return new CompletionBatcher.Completions(staleNow, claimedNow);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }
}
