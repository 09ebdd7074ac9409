package dev.taskmill.application.port.in;

import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskNotCancellableException;

/** Cancels a waiting or running task. */
public interface CancelTaskUseCase {

    /**
     * Marks the task canceled. A waiting task never runs; a running task's operation is told
     * to stop and keeps its resources until its code returns. A task that has already ended
     * stays as it is, and the call returns all the same (as Pulp 2 does).
     *
     * @throws TaskNotFoundException if there is no such task
     * @throws AccessDeniedException if the caller has no {@code delete} permission and did not
     *         submit the task
     * @throws TaskNotCancellableException if the task is running and its operation cannot be cancelled
     * @throws ServiceUnavailableException if the task store cannot be reached at the moment
     */
    void cancel(Caller caller, TaskId id);
}
