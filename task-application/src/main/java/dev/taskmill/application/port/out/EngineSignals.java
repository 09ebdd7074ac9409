package dev.taskmill.application.port.out;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the use cases tell the engine that runs tasks, after they changed the store: the
 * engine's one way in for "look for work", "stop this task", "these tasks are submitted" and "this
 * task changed".
 */
public interface EngineSignals {

    /**
     * Tasks may have become runnable (a call was admitted, a waiting task was cancelled and
     * released its claims): an idle worker, here or on another node sharing the store, looks
     * for work.
     */
    void workMayBeRunnable();

    /**
     * One task may have become runnable (one call was admitted): as {@link #workMayBeRunnable},
     * but one idle worker here is all it needs, and the worker that takes a task does not wake
     * another for it.
     */
    default void oneTaskMayBeRunnable() {
        workMayBeRunnable();
    }

    /**
     * The running task {@code taskId} was cancelled in the store: its operation is told to
     * stop, on whichever node runs it.
     */
    void stopOperation(TaskId taskId);

    /**
     * Stores the submission of the tasks {@code ids} through {@code admit} and tells whoever
     * follows the tasks that they were submitted, before any other change of them: a worker may
     * start a task as soon as it is stored, and its start is told after its submission.
     *
     * @return what {@code admit} returned; what it throws, it throws, and nothing is told
     */
    List<Task> admit(List<TaskId> ids, Supplier<List<Task>> admit);

    /**
     * Stores the submission of one task through {@code admit}, as {@link #admit} does, and has
     * it run. The engine may offer {@code admit} one of its idle workers ({@link Start}): the
     * store may then start the task by that worker in the same step
     * ({@link TaskRepository#admitAndStart}), and the worker runs it at once; otherwise an idle
     * worker looks for it ({@link #oneTaskMayBeRunnable}).
     *
     * @return the task as admitted, waiting ({@link Task#asAdmitted} of a task started so): what
     *         whoever follows it hears of its submission; what {@code admit} throws, it throws
     */
    default Task admitOne(TaskId id, Function<Optional<Start>, Task> admit) {
        Task admitted = admit(List.of(id), () -> List.of(admit.apply(Optional.empty()))).get(0);
        oneTaskMayBeRunnable();
        return admitted;
    }

    /** An idle worker offered to an admission: its name, and the instant its start is to say. */
    record Start(Instant now, String worker) {
    }

    /**
     * A use case stored {@code change} (a cancel): whoever follows the tasks hears
     * of it, here and on the other nodes sharing the store.
     */
    void taskChanged(TaskChange change);
}
