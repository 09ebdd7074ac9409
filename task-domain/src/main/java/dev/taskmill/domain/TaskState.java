package dev.taskmill.domain;

/**
 * The states of a task and the one table of transitions between them.
 *
 * <p>Invariant: a terminal state has no outgoing transition, so a terminal task never
 * changes state again.
 */
public enum TaskState {
    WAITING("waiting"),
    RUNNING("running"),
    FINISHED("finished"),
    ERROR("error"),
    CANCELED("canceled"),
    SKIPPED("skipped");

    private final String wireName;

    TaskState(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire, such as {@code waiting}. */
    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this != WAITING && this != RUNNING;
    }

    /** Whether the transition table allows going from this state to {@code target}. */
    public boolean canChangeTo(TaskState target) {
        return switch (this) {
            case WAITING -> target == RUNNING || target == CANCELED || target == SKIPPED;
            // back to waiting: its run was stopped (the server stopped) and it is to run again from the start
            case RUNNING -> target == WAITING || target == FINISHED || target == ERROR || target == CANCELED;
            case FINISHED, ERROR, CANCELED, SKIPPED -> false;
        };
    }

    /**
     * Parses a wire name such as {@code waiting}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static TaskState fromWireName(String name) {
        for (TaskState state : values()) {
            if (state.wireName.equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown task state '" + name + "'");
    }
}
