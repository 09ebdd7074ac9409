package dev.taskmill.application.service;

import dev.taskmill.application.port.in.GetTaskGroupSummaryUseCase;
import dev.taskmill.application.port.in.TaskGroupNotFoundException;
import dev.taskmill.application.port.in.TaskGroupSummary;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.TaskGroupId;

/** Reads a group's tasks from the repository and counts them by state. */
public final class TaskGroupSummaryService implements GetTaskGroupSummaryUseCase {

    private final TaskRepository repository;

    public TaskGroupSummaryService(TaskRepository repository) {
        this.repository = repository;
    }

    @Override
    public TaskGroupSummary summarize(Caller caller, TaskGroupId group) {
        return TaskGroupSummary.of(caller.accessGroup(Permission.READ, "read task group " + group,
                GroupTasks.of(repository, group),
                () -> new TaskGroupNotFoundException(group.toString())));
    }
}
