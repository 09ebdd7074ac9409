package dev.taskmill.domain;

/** Thrown when a running task's operation does not support cancellation. */
public class TaskNotCancellableException extends TaskDomainException {

    private final TaskId taskId;

    public TaskNotCancellableException(TaskId taskId, String operation) {
        super("Task " + taskId + " is running and its operation '" + operation + "' does not support cancellation");
        this.taskId = taskId;
    }

    public TaskId taskId() {
        return taskId;
    }
}
