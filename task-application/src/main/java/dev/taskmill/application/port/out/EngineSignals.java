package dev.taskmill.application.port.out;

import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;

/**
 * What the use cases tell the engine that runs tasks, after they changed the store: the
 * engine's one way in for "look for work", "stop this task" and "this task changed".
 */
public interface EngineSignals {

    /**
     * Tasks may have become runnable (a call was admitted, a waiting task was cancelled and
     * released its claims): an idle worker, here or on another node sharing the store, looks
     * for work.
     */
    void workMayBeRunnable();

    /**
     * The running task {@code taskId} was cancelled in the store: its operation is told to
     * stop, on whichever node runs it.
     */
    void stopOperation(TaskId taskId);

    /**
     * A use case stored {@code change} (a submission, a cancel): whoever follows the tasks hears
     * of it, here and on the other nodes sharing the store.
     */
    void taskChanged(TaskChange change);
}
