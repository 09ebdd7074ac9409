package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskState;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The engine's changes of a running task in the store: progress, a time-out, and the end of
 * its run with the release of its claims. Each is a change of one run, the one its worker
 * claimed: a task that went back to waiting and was claimed again is another run, which an
 * earlier run's late changes leave alone ({@link Task#isSameRun}). Each re-reads and tries
 * again when another change (a cancel, a progress report) won. What it stored is told as a
 * {@link TaskChange}: progress, an end, a return to waiting.
 */
final class TaskCompletion {

    private static final System.Logger LOG = System.getLogger(TaskCompletion.class.getName());
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;

    private final TaskRepository repository;
    private final ClaimedTasks claimedTasks;
    private final Clock clock;
    private final Consumer<TaskChange> stored;

    TaskCompletion(TaskRepository repository, ClaimedTasks claimedTasks, Clock clock, Consumer<TaskChange> stored) {
        this.repository = repository;
        this.claimedTasks = claimedTasks;
        this.clock = clock;
        this.stored = stored;
    }

    /** Tells of a change of a task that ran, by the state it was stored in. */
    private void told(Task written) {
        TaskChange.Kind kind = switch (written.state()) {
            case RUNNING -> TaskChange.Kind.PROGRESS;
            case WAITING -> TaskChange.Kind.REQUEUED;
            default -> TaskChange.Kind.ENDED;
        };
        stored.accept(new TaskChange(kind, written));
    }

    /** Applies {@code change} if the run {@code claimed} began is still running; returns whether it did. */
    boolean changeIfRunning(Task claimed, UnaryOperator<Task> change) {
        while (true) {
            Optional<Task> current = repository.findById(claimed.id());
            if (current.isEmpty() || current.get().state() != TaskState.RUNNING || !current.get().isSameRun(claimed)) {
                return false;
            }
            try {
                told(repository.update(change.apply(current.get())));
                return true;
            } catch (ConcurrentTaskUpdateException e) {
                // another change (a cancel, a progress report) won; look again
            }
        }
    }

    /**
     * Records how the run {@code claimed} began ended: {@code end} makes the next state of the
     * task while it still runs (terminal, or waiting to run again); a terminal task's claims
     * are released, and unless {@code claimNextFor} is null the next runnable task is claimed in
     * the same step, started by the worker it names.
     *
     * <p>With {@code readFirst} (the run was told to stop: the task may have been cancelled,
     * timed out or ended by another node first) the task is read first, and {@code end}
     * applies only if it still runs; otherwise {@code claimed} is written at once, with no
     * read; should another change have won meanwhile, it is read and tried again.
     *
     * <p>A write the store fails (it is unreachable, or refuses it for any other reason) is
     * tried again, waiting longer each time up to {@value #MAX_BACKOFF_MILLIS} ms, until it is
     * stored: the engine never forgets a task it claimed. An attempt whose write did land but
     * whose answer was lost finds the task ended when it tries again, and only claims.
     *
     * @param claimNextFor the worker that takes the next task, or null to claim none
     * @return the task claimed next
     * @throws RuntimeException the store's failure, if the worker is interrupted while waiting to try again
     */
    Optional<Task> complete(Task claimed, UnaryOperator<Task> end, boolean readFirst, String claimNextFor) {
        long backoffMillis = FIRST_BACKOFF_MILLIS;
        boolean read = readFirst;
        while (true) {
            try {
                Optional<Task> next = completeOnce(claimed, end, read, claimNextFor);
                claimedTasks.release(claimed.id());
                return next;
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
                read = true; // the write may have landed, or been refused for what the task is now
            }
        }
    }

    /**
     * Records how a run ended in one attempt and claims nothing: for the server's shutdown, when
     * an operation would not stop and nobody is left to try again.
     */
    void completeOnce(Task claimed, UnaryOperator<Task> end) {
        completeOnce(claimed, end, true, null);
        claimedTasks.release(claimed.id());
    }

    /** One attempt of {@link #complete}; a failure of the store leaves it to be tried again from the start. */
    private Optional<Task> completeOnce(Task claimed, UnaryOperator<Task> end, boolean readFirst,
            String claimNextFor) {
        Optional<Task> current = readFirst ? repository.findById(claimed.id()) : Optional.of(claimed);
        while (current.isPresent() && current.get().isSameRun(claimed)) {
            Task next = current.get();
            boolean ends = next.state() == TaskState.RUNNING;
            if (ends) {
                next = end.apply(next);
            }
            if (next.state().isTerminal()) {
                if (!next.holdsClaims()) {
                    break;
                }
                next = next.releaseClaims();
            }
            try {
                if (claimNextFor != null) {
                    Task written = next;
                    Optional<Task> claimedNext = claimedTasks.claim(() -> repository.updateAndClaimNext(written,
                            clock.instant(), claimNextFor));
                    if (ends) {
                        told(written);
                    }
                    return claimedNext;
                }
                Task written = repository.update(next);
                if (ends) {
                    told(written);
                }
                return Optional.empty();
            } catch (ConcurrentTaskUpdateException e) {
                current = repository.findById(claimed.id()); // another change won; look again
            }
        }
        return claimNextFor != null
                ? claimedTasks.claim(() -> repository.claimNextRunnable(clock.instant(), claimNextFor))
                : Optional.empty();
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
