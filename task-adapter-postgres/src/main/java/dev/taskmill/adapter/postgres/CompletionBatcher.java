package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the concurrent callers of {@link TaskRepository#updateAndClaimNext} into one round
 * trip, as a database driver's group commit does: a round trip for several workers costs the
 * server little more than one for one. One call is in flight at a time: the workers that
 * finish meanwhile wait for it to end, and the next call takes all of them, each getting its
 * own outcome.
 *
 * <p>A call also gathers, as a database's group commit does: the workers the previous call
 * handed tasks to are likely to finish together, so for up to {@link #GATHER_NANOS} after that
 * call ended, the next one waits until all of them are back. A worker whose task took longer
 * than that waits for nobody.
 */
final class CompletionBatcher {

    /**
     * How long after a call ended the next one waits for the workers that call handed tasks to:
     * a millisecond, a fraction of what a round trip of a call costs a busy database. Without
     * it, the first worker back from a call of four went alone while the other three waited
     * for it, and calls carried 2.3 changes on average instead of 4.
     */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Batch store;
    private final Clock clock;
    /** The changes waiting for the next call; guarded by this. */
    private final List<Request> pending = new ArrayList<>();
    /**
     * Whether a call is in flight or gathering; guarded by this. One at a time: with four nodes
     * of four workers on one database, sixteen concurrent claimers cost PostgreSQL about twice
     * the CPU per task that four claiming four at a time do, and two calls in flight per node
     * were 25% slower on two nodes (15 to 25% faster on one).
     */
    private boolean flushing;
    /** How many of the workers the last call handed tasks to are not back yet; guarded by this. */
    private int expected;
    /** When the last call ended, as {@link System#nanoTime}; guarded by this. */
    private long lastCallEnd;

    /** @param clock when a call goes: its claims start then, or at a caller's later {@code now} */
    CompletionBatcher(Batch store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** One round trip for several workers' changes. */
    @FunctionalInterface
    interface Batch {

        /**
         * Stores each change as {@link TaskRepository#update} does, then claims one task, as
         * {@link TaskRepository#claimNextRunnable} does, for each change stored, by the worker of
         * that change: the oldest by the worker of the first change stored, in the order of
         * {@code changes}, the next by the second's, and so on. A stale change is not stored and
         * gets no claim.
         *
         * @throws IllegalArgumentException if two of the changes are of one task; nothing is stored then
         */
        Completions updateAllAndClaimNext(List<Change> changes, Instant now);
    }

    /** A worker's change of its task, and the worker, who takes the next task. */
    record Change(Task changed, String worker) {
        Change {
            Objects.requireNonNull(changed, "changed");
            Objects.requireNonNull(worker, "worker");
        }
    }

    /**
     * What a {@link Batch} did.
     *
     * @param stale the ids of the changes not stored: their tasks were changed or removed since read
     * @param claimed the tasks claimed, oldest first, at most one per change stored: the i-th
     *        started by the worker of the i-th change stored, to whom it goes
     */
    record Completions(Set<TaskId> stale, List<Task> claimed) {
        Completions {
            stale = Set.copyOf(stale);
            claimed = List.copyOf(claimed);
        }
    }

    /**
     * Stores {@code changed} and claims the next runnable task, started when the call that
     * carries them goes: at the latest of the clock then and its callers' {@code now}, since a
     * caller may have waited for the call before.
     *
     * @return the claimed task, started by the change's worker, or empty when none is runnable
     * @throws ConcurrentTaskUpdateException if the task was changed or removed since it was read
     */
    Optional<Task> updateAndClaimNext(Change change, Instant now) {
        Request mine = new Request(change, now);
        List<Request> batch = null;
        boolean interrupted = false;
        synchronized (this) {
            pending.add(mine);
            if (expected > 0 && --expected == 0) {
                notifyAll(); // the last one back: a gathering call may go
            }
            // not interruptible: a call in flight may have claimed a task for this worker,
            // which nobody else would run
            while (flushing && !mine.isDone()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            // a call that carried this change gave it its outcome before it ended
            if (!mine.isDone()) {
                flushing = true;
                interrupted |= gather();
                batch = new ArrayList<>(pending);
                pending.clear();
            }
        }
        if (batch != null) {
            List<Outcome> outcomes = null;
            try {
                outcomes = flush(batch);
            } finally {
                end(batch, outcomes);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return mine.outcome.result();
    }

    /**
     * Waits, holding the next call, until the workers the last call handed tasks to are back
     * or {@link #GATHER_NANOS} after that call ended; returns whether it was interrupted.
     */
    private boolean gather() {
        boolean interrupted = false;
        long left;
        while (expected > 0 && (left = lastCallEnd + GATHER_NANOS - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /**
     * Gives each of {@code batch}'s workers its outcome, or a failure if there are none, and
     * lets the next call go; all at once, so that none of them is back before the call counts
     * on it.
     */
    private synchronized void end(List<Request> batch, List<Outcome> outcomes) {
        int handedOut = 0;
        for (int i = 0; i < batch.size(); i++) {
            Outcome outcome = outcomes != null ? outcomes.get(i)
                    : Outcome.failed(new IllegalStateException("Recording the task's end failed"));
            batch.get(i).outcome = outcome;
            if (outcome.next().isPresent()) {
                handedOut++;
            }
        }
        flushing = false;
        expected = handedOut;
        lastCallEnd = System.nanoTime();
        notifyAll();
    }

    /** The outcome of each of {@code batch}'s changes, in its order. */
    private List<Outcome> flush(List<Request> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        Instant now = clock.instant();
        for (Request request : batch) {
            if (request.now.isAfter(now)) {
                now = request.now;
            }
        }
        Completions done;
        try {
            done = store.updateAllAndClaimNext(batch.stream().map(Request::change).toList(), now);
        } catch (RuntimeException e) {
            batch.forEach(request -> outcomes.add(Outcome.failed(e)));
            return outcomes;
        }
        Iterator<Task> claimed = done.claimed().iterator();
        for (Request request : batch) {
            Task changed = request.change().changed();
            if (done.stale().contains(changed.id())) {
                outcomes.add(Outcome.failed(new ConcurrentTaskUpdateException(changed.id(), changed.version())));
            } else {
                outcomes.add(new Outcome(claimed.hasNext() ? Optional.of(claimed.next()) : Optional.empty(), null));
            }
        }
        return outcomes;
    }

    /** What a call did for one change: the task claimed next, or why it failed. */
    private record Outcome(Optional<Task> next, RuntimeException failure) {

        static Outcome failed(RuntimeException failure) {
            return new Outcome(Optional.empty(), failure);
        }

        /** The task claimed next, or the failure thrown. */
        Optional<Task> result() {
            if (failure != null) {
                throw failure;
            }
            return next;
        }
    }

    /** One worker's change, and once the call that carried it ended, its outcome. */
    private static final class Request {

        private final Change change;
        private final Instant now;
        /** Null until the call that carried the change ended; set holding the batcher, and seen set holding it. */
        private Outcome outcome;

        Request(Change change, Instant now) {
            this.change = change;
            this.now = now;
        }

        Change change() {
            return change;
        }

        boolean isDone() {
            return outcome != null;
        }
    }
}
