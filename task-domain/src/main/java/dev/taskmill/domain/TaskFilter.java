package dev.taskmill.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which tasks a listing returns: those carrying every one of {@code tags} and, unless
 * {@code states} is empty, in one of {@code states}.
 */
public record TaskFilter(Set<Tag> tags, Set<TaskState> states) {

    public TaskFilter {
        tags = Set.copyOf(Objects.requireNonNull(tags, "tags"));
        states = Set.copyOf(Objects.requireNonNull(states, "states"));
    }

    /** Waiting and running tasks carrying every one of {@code tags}: the seed's listing. */
    public static TaskFilter incomplete(Set<Tag> tags) {
        return new TaskFilter(tags, EnumSet.of(TaskState.WAITING, TaskState.RUNNING));
    }

    public boolean matches(Task task) {
        return (states.isEmpty() || states.contains(task.state())) && task.tags().containsAll(tags);
    }
}
