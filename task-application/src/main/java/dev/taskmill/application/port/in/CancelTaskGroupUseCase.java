package dev.taskmill.application.port.in;

import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.TaskGroupId;

/** Cancels what is left of a task group. */
public interface CancelTaskGroupUseCase {

    /**
     * Cancels every waiting task of the group, and every running one whose operation can be
     * cancelled, as {@link CancelTaskUseCase#cancel} cancels one; the tasks that have ended, and
     * running ones that cannot be cancelled, are left as they are.
     *
     * @throws TaskGroupNotFoundException if no task of the group is stored
     * @throws AccessDeniedException if the caller has no {@code delete} permission and did not
     *         submit every task of the group (also when there is no such group)
     * @throws ServiceUnavailableException if the task store cannot be reached at the moment; the
     *         tasks cancelled until then stay cancelled
     */
    void cancelGroup(Caller caller, TaskGroupId group);
}
