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
        Task task = find(repository, caller, Permission.READ, "read task " + id, id);
        caller.requireRead(task);
        return task;
    }

    /**
     * The task, or the refusal for its absence: not found for a caller who holds
     * {@code permission}, denied for one who may only see their own tasks, so that such a
     * caller learns nothing about other users' tasks.
     */
    static Task find(TaskRepository repository, Caller caller, Permission permission, String action, TaskId id) {
        return repository.findById(id).orElseThrow(() -> caller.has(permission)
                ? new TaskNotFoundException(id.toString())
                : caller.denied(permission, action));
    }
}
