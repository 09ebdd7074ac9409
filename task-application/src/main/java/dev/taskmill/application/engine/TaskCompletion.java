package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The engine's changes of a running task in the store: progress, a time-out, and the end of
 * its operation with the release of its claims. Each re-reads and tries again when another
 * change (a cancel, a progress report) won.
 */
final class TaskCompletion {

    private static final System.Logger LOG = System.getLogger(TaskCompletion.class.getName());
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;

    private final TaskRepository repository;
    private final Clock clock;

    TaskCompletion(TaskRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Applies {@code change} if the task is still running; returns whether it did. */
    boolean changeIfRunning(TaskId taskId, UnaryOperator<Task> change) {
        while (true) {
            Optional<Task> current = repository.findById(taskId);
            if (current.isEmpty() || current.get().state() != TaskState.RUNNING) {
                return false;
            }
            try {
                repository.update(change.apply(current.get()));
                return true;
            } catch (ConcurrentTaskUpdateException e) {
                // another change (a cancel, a progress report) won; look again
            }
        }
    }

    /**
     * Records how the task's operation ended and releases the task's claims and, if
     * {@code claimNext}, claims the next runnable task in the same step.
     *
     * <p>A task whose execution was stopped because it was cancelled or timed out is no longer
     * the version {@code claimed}: the cancel or time-out was stored first, so it is read again
     * and only its claims are released, its outcome discarded. Otherwise {@code claimed} is
     * written at once, with no read; should another change have won meanwhile, it is read and
     * tried again.
     *
     * <p>A write the store fails (it is unreachable, or refuses it for any other reason) is
     * tried again, waiting longer each time up to {@value #MAX_BACKOFF_MILLIS} ms, until it is
     * stored: the engine never forgets a task it claimed. An attempt whose write did land but
     * whose answer was lost finds the task ended when it tries again, and only claims.
     *
     * @param stopReason why the execution was told to stop, or null if it was not
     * @return the task claimed next
     * @throws RuntimeException the store's failure, if the worker is interrupted while waiting to try again
     */
    Optional<Task> complete(Task claimed, Outcome outcome, Execution.StopReason stopReason, boolean claimNext) {
        long backoffMillis = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                return completeOnce(claimed, outcome, stopReason, claimNext);
            } catch (RuntimeException e) {
                // the store is down, or refused the write for another reason: the task's end is
                // not to be lost, and this worker takes no other task until it is stored
                LOG.log(Level.WARNING, "Could not record the end of task {0}; trying again in {1} ms: {2}",
                        claimed.id(), backoffMillis, e.toString());
                if (!pause(backoffMillis)) {
                    LOG.log(Level.ERROR, "Stopping: the end of task {0} was not recorded", claimed.id());
                    throw e;
                }
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            }
        }
    }

    /** One attempt of {@link #complete}; a failure of the store leaves it to be tried again from the start. */
    private Optional<Task> completeOnce(Task claimed, Outcome outcome, Execution.StopReason stopReason,
            boolean claimNext) {
        Outcome recorded = stopReason == Execution.StopReason.SHUTDOWN
                ? Outcome.threw(new IllegalStateException("Taskmill stopped while the task was running"))
                : outcome;
        boolean changedInStore = stopReason == Execution.StopReason.CANCELED
                || stopReason == Execution.StopReason.TIMED_OUT;
        Optional<Task> current = changedInStore ? repository.findById(claimed.id()) : Optional.of(claimed);
        while (current.isPresent()) {
            Task next = current.get();
            if (next.state() == TaskState.RUNNING) {
                next = recorded.applyTo(next, clock.instant());
            }
            if (!next.holdsClaims()) {
                break;
            }
            try {
                if (claimNext) {
                    return repository.updateAndClaimNext(next.releaseClaims(), clock.instant());
                }
                repository.update(next.releaseClaims());
                return Optional.empty();
            } catch (ConcurrentTaskUpdateException e) {
                current = repository.findById(claimed.id()); // another change won; look again
            }
        }
        return claimNext ? repository.claimNextRunnable(clock.instant()) : Optional.empty();
    }

    /** Waits before trying again; false if the worker was interrupted (the engine is stopping). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
