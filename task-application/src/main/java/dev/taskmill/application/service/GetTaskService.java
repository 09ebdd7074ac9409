package dev.taskmill.application.service;

import dev.taskmill.application.port.in.GetTaskUseCase;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;

/** Reads one task from the repository. */
public final class GetTaskService implements GetTaskUseCase {

    private final TaskRepository repository;

    public GetTaskService(TaskRepository repository) {
        this.repository = repository;
    }

    @Override
    public Task getTask(Caller caller, TaskId id) {
        return caller.access(Permission.READ, "read task " + id, StoreCalls.call(() -> repository.findById(id)),
                () -> new TaskNotFoundException(id.toString()));
    }
}
