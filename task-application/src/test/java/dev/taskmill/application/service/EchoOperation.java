package dev.taskmill.application.service;

import dev.taskmill.application.port.out.InvalidArgumentsException;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import java.util.Map;

/** The services' tests' operation: returns its {@code text}, which must be a string if given. */
final class EchoOperation implements Operation {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public void validate(Map<String, Object> args, OperationEnvironment environment) {
        if (args.containsKey("text") && !(args.get("text") instanceof String)) {
            throw new InvalidArgumentsException("text must be a string");
        }
    }

    @Override
    public Object run(OperationContext context) {
        return context.args().get("text");
    }
}
