package dev.taskmill.application.service;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Task;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Records how the workers' tasks ended and claims their next ones, as
 * {@link TaskRepository#updateAndClaimNext} does for one. For a store that prefers batches
 * ({@link TaskRepository#prefersBatches}), one call is in flight at a time: the workers that
 * finish meanwhile wait for it to end, and the next call takes all of them, each getting its
 * own outcome. No worker waits for more than the call in flight and its own.
 */
final class CompletionBatcher {

    private final TaskRepository repository;
    private final Clock clock;
    /** The changes waiting for the next call; guarded by this. */
    private final List<Request> pending = new ArrayList<>();
    /**
     * Whether a call is in flight; guarded by this. One at a time: with four nodes of four
     * workers on one database, sixteen concurrent claimers cost PostgreSQL about twice the CPU
     * per task that four claiming four at a time do, and two calls in flight per node measured
     * no better.
     */
    private boolean flushing;

    CompletionBatcher(TaskRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Stores {@code changed} and claims the next runnable task.
     *
     * @return the claimed task, or empty when none is runnable
     * @throws ConcurrentTaskUpdateException if the task was changed or removed since it was read
     */
    Optional<Task> updateAndClaimNext(Task changed) {
        if (!repository.prefersBatches()) {
            return repository.updateAndClaimNext(changed, clock.instant());
        }
        Request mine = new Request(changed);
        List<Request> batch = null;
        boolean interrupted = false;
        synchronized (this) {
            pending.add(mine);
            // not interruptible: a call in flight may have claimed a task for this worker,
            // which nobody else would run
            while (flushing && !mine.isDone()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            // a call that carried this change marked it done before it ended
            if (!mine.isDone()) {
                flushing = true;
                batch = new ArrayList<>(pending);
                pending.clear();
            }
        }
        if (batch != null) {
            try {
                flush(batch);
            } finally {
                for (Request request : batch) {
                    if (!request.isDone()) {
                        request.fail(new IllegalStateException("Recording the task's end failed"));
                    }
                }
                synchronized (this) {
                    flushing = false;
                    notifyAll();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return mine.outcome();
    }

    private void flush(List<Request> batch) {
        TaskRepository.Completions done;
        try {
            done = repository.updateAllAndClaimNext(batch.stream().map(Request::changed).toList(), clock.instant());
        } catch (RuntimeException e) {
            batch.forEach(request -> request.fail(e));
            return;
        }
        Iterator<Task> claimed = done.claimed().iterator();
        for (Request request : batch) {
            Task changed = request.changed();
            if (done.stale().contains(changed.id())) {
                request.fail(new ConcurrentTaskUpdateException(changed.id(), changed.version()));
            } else {
                request.succeed(claimed.hasNext() ? Optional.of(claimed.next()) : Optional.empty());
            }
        }
    }

    /** One worker's change, and once the call that carried it ended, its outcome. */
    private static final class Request {

        private final Task changed;
        private volatile boolean done;
        private volatile Optional<Task> next;
        private volatile RuntimeException failure;

        Request(Task changed) {
            this.changed = changed;
        }

        Task changed() {
            return changed;
        }

        boolean isDone() {
            return done;
        }

        void succeed(Optional<Task> claimed) {
            next = claimed;
            done = true;
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
        }

        Optional<Task> outcome() {
            if (failure != null) {
                throw failure;
            }
            return next;
        }
    }
}
