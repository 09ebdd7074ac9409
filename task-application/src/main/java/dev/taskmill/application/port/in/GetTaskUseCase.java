package dev.taskmill.application.port.in;

import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;

/** Reads one task: what a client polls. */
public interface GetTaskUseCase {

    /**
     * The task as it is now.
     *
     * @throws TaskNotFoundException if there is no such task (or it has passed its retention)
     * @throws AccessDeniedException if the caller has no {@code read} permission and did not
     *         submit the task (also when there is no such task, so that its existence stays hidden)
     * @throws ServiceUnavailableException if the task store cannot be reached at the moment
     */
    Task getTask(Caller caller, TaskId id);
}
