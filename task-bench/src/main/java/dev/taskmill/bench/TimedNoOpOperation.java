package dev.taskmill.bench;

import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code bench-timed-noop}: does nothing, as {@code noop} does, and notes in {@link #RETURNED}
 * the moment ({@link System#nanoTime}) it returned, by task id. Installed as every operation
 * is, through {@code META-INF/services}.
 */
public final class TimedNoOpOperation implements Operation {

    static final String NAME = "bench-timed-noop";
    /** Task id to the moment its operation returned; the scenario clears it between rounds. */
    static final Map<String, Long> RETURNED = new ConcurrentHashMap<>();
    private static final Map<String, Object> RESULT = Map.of("ok", true);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(Map<String, Object> args, OperationEnvironment environment) {
        NoOpOperation.requireNoArguments(NAME, args);
    }

    @Override
    public Object run(OperationContext context) {
        RETURNED.put(context.taskId().toString(), System.nanoTime());
        return RESULT;
    }
}
