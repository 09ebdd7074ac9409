package dev.taskmill.application.port.in;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import java.util.List;

/** Searches the stored tasks, ended ones included, with Pulp 2's criteria. */
public interface SearchTasksUseCase {

    /**
     * The tasks matching {@code query}, in its order, its page of them; for a caller without the
     * {@code read} permission, only among the tasks they submitted.
     *
     * @throws InvalidCriteriaException if no limit is given and more than
     *         {@link SearchTasksQuery#MAX_LIMIT} tasks match, or the store refuses a pattern
     * @throws ServiceUnavailableException if the task store cannot be reached at the moment
     */
    List<Task> search(Caller caller, SearchTasksQuery query);
}
