package dev.taskmill.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which tasks a listing returns: those carrying every one of {@code tags}, in one of
 * {@code states} unless it is empty, and submitted by {@code submitter} unless it is {@code null}.
 */
public record TaskFilter(Set<Tag> tags, Set<TaskState> states, String submitter) {

    public TaskFilter {
        tags = Set.copyOf(Objects.requireNonNull(tags, "tags"));
        states = Set.copyOf(Objects.requireNonNull(states, "states"));
    }

    /** Tasks carrying every one of {@code tags} in one of {@code states}, whoever submitted them. */
    public TaskFilter(Set<Tag> tags, Set<TaskState> states) {
        this(tags, states, null);
    }

    /** Waiting and running tasks carrying every one of {@code tags}: the seed's listing. */
    public static TaskFilter incomplete(Set<Tag> tags) {
        return new TaskFilter(tags, EnumSet.of(TaskState.WAITING, TaskState.RUNNING));
    }

    /** The same filter narrowed to the tasks {@code user} submitted. */
    public TaskFilter submittedBy(String user) {
        return new TaskFilter(tags, states, Objects.requireNonNull(user, "user"));
    }

    public boolean matches(Task task) {
        return (states.isEmpty() || states.contains(task.state())) && task.tags().containsAll(tags)
                && (submitter == null || task.isSubmittedBy(submitter));
    }
}
