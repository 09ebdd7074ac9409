package dev.taskmill.domain;

/** Thrown when a transition outside the table of {@link TaskState} is attempted. */
public class IllegalTaskStateChangeException extends TaskDomainException {

    private final TaskState from;
    private final TaskState to;

    public IllegalTaskStateChangeException(TaskId taskId, TaskState from, TaskState to) {
        super("Task " + taskId + " cannot change from '" + from.wireName() + "' to '" + to.wireName() + "'");
        this.from = from;
        this.to = to;
    }

    public TaskState from() {
        return from;
    }

    public TaskState to() {
        return to;
    }
}
