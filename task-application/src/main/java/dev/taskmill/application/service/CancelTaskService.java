package dev.taskmill.application.service;

import dev.taskmill.application.port.in.CancelTaskUseCase;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Applies the domain's cancel rules, then tells the engine: stop the operation, or look for
 * work. A task that has already ended is left as it is, and the cancel succeeds: Pulp 2
 * answers so, and its clients cancel tasks that may just have ended.
 */
public final class CancelTaskService implements CancelTaskUseCase {

    private final TaskRepository repository;
    private final Cancellation cancellation;

    public CancelTaskService(TaskRepository repository, EngineSignals engine, Clock clock) {
        this.repository = repository;
        this.cancellation = new Cancellation(repository, engine, clock);
    }

    @Override
    public void cancel(Caller caller, TaskId id) {
        cancellation.cancel(caller, read(caller, id), () -> Optional.of(read(caller, id)))
                .ifPresent(canceled -> cancellation.signal(List.of(canceled)));
    }

    private Task read(Caller caller, TaskId id) {
        return caller.access(Permission.DELETE, "cancel task " + id, StoreCalls.call(() -> repository.findById(id)),
                () -> new TaskNotFoundException(id.toString()));
    }
}
