package dev.taskmill.application.service;

import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.application.port.in.ListTasksUseCase;
import dev.taskmill.application.port.in.TaskList;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import java.util.List;
import java.util.OptionalLong;

/** Lists one page of tasks, and where the next page starts. */
public final class ListTasksService implements ListTasksUseCase {

    private final TaskRepository repository;

    public ListTasksService(TaskRepository repository) {
        this.repository = repository;
    }

    @Override
    public TaskList listTasks(Caller caller, ListTasksQuery query) {
        // one more than the page tells whether another page follows
        List<Task> found = StoreCalls.call(
                () -> repository.find(caller.visible(query.filter()), query.after(), query.limit() + 1));
        if (found.size() <= query.limit()) {
            return new TaskList(found, OptionalLong.empty());
        }
        List<Task> page = found.subList(0, query.limit());
        return new TaskList(page, OptionalLong.of(page.get(page.size() - 1).position()));
    }
}
