package dev.taskmill.application.service;

import dev.taskmill.application.port.in.InvalidCriteriaException;
import dev.taskmill.application.port.in.SearchTasksQuery;
import dev.taskmill.application.port.in.SearchTasksUseCase;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskSearch;
import java.util.List;

/** Searches the stored tasks; an answer without a limit is every match or a refusal, never a cut list. */
public final class SearchTasksService implements SearchTasksUseCase {

    private final TaskRepository repository;

    public SearchTasksService(TaskRepository repository) {
        this.repository = repository;
    }

    @Override
    public List<Task> search(Caller caller, SearchTasksQuery query) {
        // without a limit, one more than the most an answer holds tells whether all of them fit
        int limit = query.limit().orElse(SearchTasksQuery.MAX_LIMIT + 1);
        TaskSearch search = new TaskSearch(caller.visible(query.condition()), query.order(), query.skip(), limit);
        List<Task> found;
        try {
            found = StoreCalls.call(() -> repository.search(search));
        } catch (IllegalArgumentException e) {
            throw new InvalidCriteriaException(e.getMessage());
        }
        if (query.limit().isEmpty() && found.size() > SearchTasksQuery.MAX_LIMIT) {
            throw new InvalidCriteriaException("More than " + SearchTasksQuery.MAX_LIMIT + " tasks match; page through"
                    + " them with 'skip' and 'limit' (at most " + SearchTasksQuery.MAX_LIMIT + ")");
        }
        return found;
    }
}
