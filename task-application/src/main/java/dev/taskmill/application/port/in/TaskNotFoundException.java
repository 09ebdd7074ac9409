package dev.taskmill.application.port.in;

/** Thrown when a task does not exist. */
public class TaskNotFoundException extends RuntimeException {

    private final String taskId;

    public TaskNotFoundException(String taskId) {
        super("Missing resource: task " + taskId);
        this.taskId = taskId;
    }

    /** The id as the caller gave it, which need not be a valid task id. */
    public String taskId() {
        return taskId;
    }
}
