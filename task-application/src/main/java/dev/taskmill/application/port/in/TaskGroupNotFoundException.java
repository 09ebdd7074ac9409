package dev.taskmill.application.port.in;

/** Thrown when a task group has no task stored: it never existed, or all its tasks passed their retention. */
public class TaskGroupNotFoundException extends RuntimeException {

    public TaskGroupNotFoundException(String groupId) {
        super("Missing resource: task group " + groupId);
    }
}
