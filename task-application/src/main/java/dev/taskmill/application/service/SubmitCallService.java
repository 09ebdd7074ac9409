package dev.taskmill.application.service;

import dev.taskmill.application.port.in.InvalidCallException;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.in.SubmitCallUseCase;
import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.application.port.out.InvalidArgumentsException;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSubmission;
import java.time.Clock;

/** Validates a call with its operation, admits it and tells the engine that work may be runnable. */
public final class SubmitCallService implements SubmitCallUseCase {

    private final TaskRepository repository;
    private final OperationCatalog operations;
    private final OperationEnvironment environment;
    private final EngineSignals engine;
    private final Clock clock;

    public SubmitCallService(TaskRepository repository, OperationCatalog operations,
            OperationEnvironment environment, EngineSignals engine, Clock clock) {
        this.repository = repository;
        this.operations = operations;
        this.environment = environment;
        this.engine = engine;
        this.clock = clock;
    }

    @Override
    public Task submit(Caller caller, SubmitCallCommand command) {
        caller.require(Permission.CREATE, "submit calls");
        Operation operation = operations.find(command.operation()).orElseThrow(() -> new InvalidCallException(
                "Unknown operation '" + command.operation() + "'; this server runs: "
                        + String.join(", ", operations.names())));
        try {
            operation.validate(command.args(), environment);
        } catch (InvalidArgumentsException e) {
            throw new InvalidCallException("Invalid args for operation '" + operation.name() + "': " + e.getMessage());
        }
        TaskSubmission submission = TaskSubmission.of(TaskId.random(), operation.name(), command.args(),
                command.resources(), command.tags(), operation.isCancellable(command.args()),
                command.timeout().orElse(null), clock.instant(), caller.name());
        Task admitted = StoreCalls.call(() -> repository.admit(submission));
        Audit.submitted(caller, admitted);
        engine.workMayBeRunnable();
        return admitted;
    }
}
