package dev.taskmill.application.service;

import dev.taskmill.application.port.in.InvalidCallException;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.out.InvalidArgumentsException;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSubmission;
import java.time.Clock;

/** A call validated by its operation and made a submission: what a call alone and a group's calls go through alike. */
final class Submissions {

    private final OperationCatalog operations;
    private final OperationEnvironment environment;
    private final Clock clock;

    Submissions(OperationCatalog operations, OperationEnvironment environment, Clock clock) {
        this.operations = operations;
        this.environment = environment;
        this.clock = clock;
    }

    /** @throws InvalidCallException if the operation is unknown or refuses the arguments */
    TaskSubmission of(Caller caller, SubmitCallCommand command) {
        Operation operation = operations.find(command.operation()).orElseThrow(() -> new InvalidCallException(
                "Unknown operation '" + command.operation() + "'; this server runs: "
                        + String.join(", ", operations.names())));
        try {
            operation.validate(command.args(), environment);
        } catch (InvalidArgumentsException e) {
            throw new InvalidCallException("Invalid args for operation '" + operation.name() + "': " + e.getMessage());
        }
        return TaskSubmission.of(TaskId.random(), operation.name(), command.args(), command.resources(),
                command.tags(), operation.isCancellable(command.args()), command.timeout().orElse(null),
                clock.instant(), caller.name());
    }
}
