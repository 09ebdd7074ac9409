package dev.taskmill.application.service;

import dev.taskmill.application.port.in.SubmitTaskGroupCommand;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskSearch;
import java.util.List;

/** The stored tasks of a task group, oldest first: a search of its id, which holds at most a group's calls. */
final class GroupTasks {

    private GroupTasks() {
    }

    /** @throws dev.taskmill.application.port.in.ServiceUnavailableException if the store cannot be reached */
    static List<Task> of(TaskRepository repository, TaskGroupId group) {
        TaskSearch search = new TaskSearch(group.tasks(), List.of(), 0, SubmitTaskGroupCommand.MAX_CALLS);
        return StoreCalls.call(() -> repository.search(search));
    }
}
