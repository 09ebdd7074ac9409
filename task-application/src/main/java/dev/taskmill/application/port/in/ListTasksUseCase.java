package dev.taskmill.application.port.in;

import dev.taskmill.domain.Caller;

/** Lists tasks, oldest first, one page at a time. */
public interface ListTasksUseCase {

    /**
     * The tasks matching {@code query} after its position, at most its limit of them; for a
     * caller without the {@code read} permission, only the tasks they submitted.
     *
     * @throws ServiceUnavailableException if the task store cannot be reached at the moment
     */
    TaskList listTasks(Caller caller, ListTasksQuery query);
}
