package dev.taskmill.application.port.in;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;

/** Reads one task: what a client polls. */
public interface GetTaskUseCase {

    /**
     * The task as it is now.
     *
     * @throws TaskNotFoundException if there is no such task (or it has passed its retention)
     */
    Task getTask(TaskId id);
}
