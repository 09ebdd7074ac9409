package dev.taskmill.application.port.out;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import java.util.List;
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
     * A use case stored {@code change} (a cancel): whoever follows the tasks hears
     * of it, here and on the other nodes sharing the store.
     */
    void taskChanged(TaskChange change);
}
