package dev.taskmill.bench;

import dev.taskmill.application.port.out.InvalidArgumentsException;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * {@code noop}: the work of the benchmarks, which does nothing and returns a small result.
 * Installed as every operation is, through {@code META-INF/services}.
 *
 * <p>It notes when it last started and releases {@link #STARTS}, so the start-latency
 * scenario can see the moment the engine ran it, and notes each run in {@link #RUNS}.
 */
public final class NoOpOperation implements Operation {

    static final String NAME = "noop";
    static final Semaphore STARTS = new Semaphore(0);
    static final RunLog RUNS = new RunLog();
    private static final Map<String, Object> RESULT = Map.of("ok", true);

    private static volatile long lastStartNanos;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(Map<String, Object> args, OperationEnvironment environment) {
        requireNoArguments(NAME, args);
    }

    /** The rule of the bench's no-ops: no arguments at all. */
    static void requireNoArguments(String operation, Map<String, Object> args) {
        if (!args.isEmpty()) {
            throw new InvalidArgumentsException(operation + " takes no arguments");
        }
    }

    @Override
    public Object run(OperationContext context) {
        lastStartNanos = System.nanoTime();
        STARTS.release();
        RUNS.ran();
        return RESULT;
    }

    static long lastStartNanos() {
        return lastStartNanos;
    }
}
