package dev.taskmill.application.port.out;

import dev.taskmill.domain.TaskId;
import java.util.Map;

/** What a running operation gets from the engine. */
public interface OperationContext {

    TaskId taskId();

    /** The call's arguments, already validated by the operation. */
    Map<String, Object> args();

    OperationEnvironment environment();

    /**
     * Replaces the task's progress with {@code progress}, a JSON object of at most 64 KiB as
     * JSON. Ignored once the task has been cancelled or has run past its time limit.
     *
     * @throws IllegalArgumentException if {@code progress} has no JSON form or is larger: left
     *         uncaught, it ends the task in {@code error} saying so
     */
    void reportProgress(Map<String, ?> progress);

    /** Whether the task was cancelled or ran past its time limit, or the server is stopping: time to stop. */
    boolean isStopRequested();
}
