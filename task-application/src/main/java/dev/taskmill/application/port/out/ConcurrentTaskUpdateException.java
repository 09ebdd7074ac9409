package dev.taskmill.application.port.out;

import dev.taskmill.domain.TaskId;

/** Thrown by a repository when a change was made from a version of a task that is no longer current. */
public class ConcurrentTaskUpdateException extends RuntimeException {

    public ConcurrentTaskUpdateException(TaskId id, long expectedVersion) {
        super("Task " + id + " is no longer at version " + expectedVersion);
    }
}
