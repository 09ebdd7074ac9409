package dev.taskmill.application.service;

import dev.taskmill.application.port.in.InvalidCallException;
import dev.taskmill.application.port.in.SubmitTaskGroupCommand;
import dev.taskmill.application.port.in.SubmitTaskGroupUseCase;
import dev.taskmill.application.port.in.TaskGroup;
import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskSubmission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates every call of a group as a call alone is validated, admits them together in one step
 * ({@code TaskRepository.admitAll}) and tells the engine that work may be runnable.
 */
public final class SubmitTaskGroupService implements SubmitTaskGroupUseCase {

    private final TaskRepository repository;
    private final Submissions submissions;
    private final EngineSignals engine;

    public SubmitTaskGroupService(TaskRepository repository, OperationCatalog operations,
            OperationEnvironment environment, EngineSignals engine, Clock clock) {
        this.repository = repository;
        this.submissions = new Submissions(operations, environment, clock);
        this.engine = engine;
    }

    @Override
    public TaskGroup submitGroup(Caller caller, SubmitTaskGroupCommand command) {
        caller.require(Permission.CREATE, "submit calls");
        TaskGroupId group = TaskGroupId.random();
        List<TaskSubmission> calls = new ArrayList<>(command.calls().size());
        for (int i = 0; i < command.calls().size(); i++) {
            try {
                calls.add(submissions.of(caller, command.calls().get(i)).inGroup(group));
            } catch (InvalidCallException e) {
                throw new InvalidCallException("calls[" + i + "]: " + e.getMessage());
            }
        }
        List<Task> admitted = engine.admit(calls.stream().map(TaskSubmission::id).toList(),
                () -> StoreCalls.call(() -> repository.admitAll(calls)));
        admitted.forEach(task -> Audit.submitted(caller, task));
        engine.workMayBeRunnable();
        return new TaskGroup(group, admitted);
    }
}
