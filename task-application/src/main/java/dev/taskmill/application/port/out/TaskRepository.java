package dev.taskmill.application.port.out;

import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSearch;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores tasks. {@link #admit}, {@link #admitAll} and {@link #claimNextRunnable} are atomic with respect to
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
     * Admits the submission as {@link #admit} does and, if it is accepted and no other task is
     * waiting, starts it in the same step, as {@link #claimNextRunnable} would have right after:
     * stored running, started at {@code now} by the worker named {@code worker}, at
     * {@link Task#STARTED_AT_ADMISSION_VERSION} ({@link Task#asAdmitted} is then what the
     * admission alone would have stored). Otherwise,
     * or when the store cannot start tasks at the moment, the task as {@link #admit} stores it.
     * The engine calls it when an idle worker of its own is ready to run the task: one step
     * instead of an admission and a claim. A store that only admits keeps the default.
     *
     * @return the started task, or the waiting task {@link #admit} stores
     * @throws CallRejectedException if the matrix rejects the call; nothing is stored then
     */
    default Task admitAndStart(TaskSubmission submission, Instant now, String worker) {
        return admit(submission);
    }

    /**
     * Takes the oldest runnable task and stores it as running, started at {@code now} by the
     * worker named {@code worker} (see {@link Task#start}): the oldest waiting task that
     * conflicts with no claim still held by an earlier task (see
     * {@link dev.taskmill.domain.ConflictMatrix#conflicts}). No task is handed out twice.
     *
     * @return the started task, or empty when no task is runnable
     */
    Optional<Task> claimNextRunnable(Instant now, String worker);

    /** The task with {@code id}, if stored. */
    Optional<Task> findById(TaskId id);

    /**
     * The tasks that match {@code filter} and were admitted after position {@code after},
     * oldest first, at most {@code limit} of them.
     */
    List<Task> find(TaskFilter filter, long after, int limit);

    /**
     * The tasks that this store's own {@link #claimNextRunnable} and {@link #updateAndClaimNext}
     * started and that still hold their claims: running ones, and ones a cancel or time-out
     * ended while their operation may still run. On a store that several nodes share, those
     * this node claimed, not the other nodes'. The engine compares them with the tasks its
     * workers hold, to find a claim whose answer was lost on the way (the connection broke
     * after the claim was stored): such a task goes back to waiting, or releases its claims.
     */
    List<Task> findClaimedHere();

    /**
     * Stores a changed task if its version is still the stored one; releasing a task's claims
     * makes the tasks that waited only for it runnable.
     *
     * @return the stored task with its new version
     * @throws ConcurrentTaskUpdateException if the task was changed or removed since it was read
     */
    Task update(Task changed);

    /**
     * {@link #update} and then {@link #claimNextRunnable}, as the worker named {@code worker}
     * does when it records how a task ended and takes its next. A task that waited only for the
     * claims {@code changed} releases is runnable for this claim. Workers call it concurrently: a
     * store whose calls are round trips to a server may do both in one, and may gather
     * concurrent callers into one (as a database's group commit does); that economy stays inside
     * the store, and each caller's task is started by that caller's worker.
     *
     * @return the started task, or empty when no task is runnable
     * @throws ConcurrentTaskUpdateException if the task was changed or removed since it was
     *         read; nothing is claimed then
     */
    default Optional<Task> updateAndClaimNext(Task changed, Instant now, String worker) {
        update(changed);
        return claimNextRunnable(now, worker);
    }

    /**
     * Admits calls together, in order, as one step: each is checked against the claims still held
     * by earlier tasks and the claims of the submissions before it, and stored as a waiting task
     * at the next position, as {@link #admit} would one after the other, with no other admission
     * in between on the resources they claim. Either every submission is stored, or none is.
     * {@link TaskSubmission#admitInOrder} makes the decisions.
     *
     * @param submissions at least one, with distinct ids
     * @return the stored tasks, at version 1, in the order of {@code submissions} and at increasing positions
     * @throws CallRejectedException naming the index of the first submission the matrix rejects
     *         ({@link CallRejectedException#callIndex}); nothing is stored then
     */
    List<Task> admitAll(List<TaskSubmission> submissions);


    /**
     * Removes terminal tasks that released their claims and finished before {@code cutoff}.
     *
     * @return how many tasks were removed
     */
    int removeFinishedBefore(Instant cutoff);

    /**
     * How many tasks are in {@code state} now, on every server sharing the store. Asked at
     * every metrics scrape, for waiting and running tasks: an index answers it, never a read of
     * every task.
     *
     * @throws StoreUnavailableException if the store cannot be reached
     */
    long count(TaskState state);

    /**
     * The tasks that satisfy the search's condition, with the meaning {@link
     * dev.taskmill.domain.TaskCondition#test} gives it, in the search's order, skipping its
     * {@code skip} first and returning at most its {@code limit}. A search for given ids, for
     * waiting and running tasks or for a tag costs what it finds, not the number of tasks stored.
     *
     * @throws IllegalArgumentException if the store cannot evaluate a part of the condition (a
     *         pattern its own regular expressions refuse); the message says which
     */
    List<Task> search(TaskSearch search);
}
