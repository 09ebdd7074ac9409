package dev.taskmill.domain;

/** Thrown when a task that has reached a terminal state is asked to change, such as by a cancel. */
public class TaskAlreadyTerminalException extends TaskDomainException {

    private final TaskId taskId;
    private final TaskState state;

    public TaskAlreadyTerminalException(TaskId taskId, TaskState state) {
        super("Task " + taskId + " is already in the terminal state '" + state.wireName() + "'");
        this.taskId = taskId;
        this.state = state;
    }

    public TaskId taskId() {
        return taskId;
    }

    public TaskState state() {
        return state;
    }
}
