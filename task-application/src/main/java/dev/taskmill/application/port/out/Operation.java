package dev.taskmill.application.port.out;

import java.util.Map;

/**
 * A kind of work that tasks run: the plug-in point for work.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.taskmill.application.port.out.Operation} and put its jar on
 * the class path. One instance serves every task concurrently, so it must be thread-safe.
 */
public interface Operation {

    /** The name callers submit, such as {@code sleep}; unique among operations. */
    String name();

    /**
     * Checks a call's arguments before anything is queued.
     *
     * @throws InvalidArgumentsException naming what is wrong: an unknown argument, a wrong
     *         type, or a value out of range
     */
    void validate(Map<String, Object> args, OperationEnvironment environment);

    /** Whether a running task with these (valid) arguments can be cancelled. */
    default boolean isCancellable(Map<String, Object> args) {
        return true;
    }

    /**
     * Whether a run of a task with these (valid) arguments may be stopped part-way and run
     * again from the start, on this server or another: it does nothing that a second run
     * would do twice to harm (it only reads, or writes what it would write again). When a
     * server stops and its grace for running tasks runs out, such a task goes back to waiting
     * on a store other nodes share; any other ends in {@code error}. Say yes only when it is
     * true: the default is no.
     */
    default boolean isSafeToRestart(Map<String, Object> args) {
        return false;
    }

    /**
     * Does the work. A cancellable operation checks {@link OperationContext#isStopRequested()}
     * and stops promptly when asked (it is also interrupted).
     *
     * @return the result: a JSON-compatible value (null, string, boolean, number, list, map)
     * @throws Exception when the work fails; the task ends in {@code error} with its type,
     *         message and stack trace
     */
    Object run(OperationContext context) throws Exception;
}
