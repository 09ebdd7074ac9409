package dev.taskmill.application.port.out;

import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSubmission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores tasks. {@link #admit} and {@link #claimNextRunnable} are atomic with respect to
 * every other caller of the same store (other threads, and for a shared database other
 * nodes); each implementation decides with {@link ConflictMatrix}.
 *
 * <p>Tasks handed out are immutable snapshots; a change is stored with {@link #update} only
 * if the task's version is still the stored one.
 */
public interface TaskRepository {

    /**
     * Checks the submission's claims against the claims still held by earlier tasks and, unless
     * rejected, stores it as a waiting task (accepted, or postponed behind the holders of the
     * conflicting claims) at the next position, all in one step.
     *
     * @return the stored task, at version 1
     * @throws CallRejectedException if the matrix rejects the call; nothing is stored then
     */
    Task admit(TaskSubmission submission);

    /**
     * Takes the oldest runnable task and stores it as running, started at {@code now}: the
     * oldest waiting task that conflicts with no claim still held by an earlier task (see
     * {@link dev.taskmill.domain.ConflictMatrix#conflicts}). No task is handed out twice.
     *
     * @return the started task, or empty when no task is runnable
     */
    Optional<Task> claimNextRunnable(Instant now);

    /** The task with {@code id}, if stored. */
    Optional<Task> findById(TaskId id);

    /**
     * The tasks that match {@code filter} and were admitted after position {@code after},
     * oldest first, at most {@code limit} of them.
     */
    List<Task> find(TaskFilter filter, long after, int limit);

    /**
     * Stores a changed task if its version is still the stored one; releasing a task's claims
     * makes the tasks that waited only for it runnable.
     *
     * @return the stored task with its new version
     * @throws ConcurrentTaskUpdateException if the task was changed or removed since it was read
     */
    Task update(Task changed);

    /**
     * {@link #update} and then {@link #claimNextRunnable}, as a worker does when it records how
     * a task ended and takes its next: a store may do both in one round trip. A task that
     * waited only for the claims {@code changed} releases is runnable for this claim.
     *
     * @return the started task, or empty when no task is runnable
     * @throws ConcurrentTaskUpdateException if the task was changed or removed since it was
     *         read; nothing is claimed then
     */
    default Optional<Task> updateAndClaimNext(Task changed, Instant now) {
        update(changed);
        return claimNextRunnable(now);
    }

    /**
     * Whether the engine should gather its workers' {@link #updateAndClaimNext} calls into
     * {@link #updateAllAndClaimNext} calls: true for a store each call of which is a round trip
     * to a server, where one call for several workers costs little more than one for one.
     */
    default boolean prefersBatches() {
        return false;
    }

    /**
     * {@link #updateAndClaimNext} for several changes at once: each change is stored as
     * {@link #update} stores it, and then one task is claimed, as {@link #claimNextRunnable}
     * claims it, for each change stored. A change that is stale is not stored and gets no claim.
     *
     * @return the stale changes, and the claimed tasks, oldest first
     * @throws IllegalArgumentException if two of the changes are of one task; nothing is stored then
     */
    default Completions updateAllAndClaimNext(List<Task> changes, Instant now) {
        requireOneChangePerTask(changes);
        Set<TaskId> stale = new HashSet<>();
        for (Task changed : changes) {
            try {
                update(changed);
            } catch (ConcurrentTaskUpdateException e) {
                stale.add(changed.id());
            }
        }
        List<Task> claimed = new ArrayList<>();
        while (claimed.size() < changes.size() - stale.size()) {
            Optional<Task> next = claimNextRunnable(now);
            if (next.isEmpty()) {
                break;
            }
            claimed.add(next.get());
        }
        return new Completions(stale, claimed);
    }

    /**
     * Checks the rule of {@link #updateAllAndClaimNext}: each change is of another task.
     *
     * @throws IllegalArgumentException if two of {@code changes} are of one task
     */
    static void requireOneChangePerTask(List<Task> changes) {
        Set<TaskId> tasks = new HashSet<>();
        for (Task changed : changes) {
            if (!tasks.add(changed.id())) {
                throw new IllegalArgumentException("Two of the changes are of task " + changed.id());
            }
        }
    }

    /**
     * What {@link #updateAllAndClaimNext} did.
     *
     * @param stale the ids of the changes not stored: their tasks were changed or removed since read
     * @param claimed the tasks claimed, oldest first, at most one per change stored
     */
    record Completions(Set<TaskId> stale, List<Task> claimed) {
        public Completions {
            stale = Set.copyOf(stale);
            claimed = List.copyOf(claimed);
        }
    }

    /**
     * Removes terminal tasks that released their claims and finished before {@code cutoff}.
     *
     * @return how many tasks were removed
     */
    int removeFinishedBefore(Instant cutoff);
}
