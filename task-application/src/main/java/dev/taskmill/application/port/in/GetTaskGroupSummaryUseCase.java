package dev.taskmill.application.port.in;

import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.TaskGroupId;

/** Counts the tasks of a group by state: what a client polls while a group runs. */
public interface GetTaskGroupSummaryUseCase {

    /**
     * The group's tasks as they are now, counted by state.
     *
     * @throws TaskGroupNotFoundException if no task of the group is stored
     * @throws AccessDeniedException if the caller has no {@code read} permission and did not
     *         submit every task of the group (also when there is no such group)
     * @throws ServiceUnavailableException if the task store cannot be reached at the moment
     */
    TaskGroupSummary summarize(Caller caller, TaskGroupId group);
}
