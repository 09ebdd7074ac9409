package dev.taskmill.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a task group: the calls admitted together in one step. A UUID rendered in lower
 * case; each task of the group carries it as its {@link Task#jobId()}.
 */
public record TaskGroupId(UUID value) {

    public TaskGroupId {
        Objects.requireNonNull(value, "value");
    }

    /** A new random id. */
    public static TaskGroupId random() {
        return new TaskGroupId(UUID.randomUUID());
    }

    /**
     * Parses the textual form of a group id.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID in its canonical 8-4-4-4-12 form
     */
    public static TaskGroupId parse(String text) {
        return new TaskGroupId(TaskId.parseUuid(text, "task group id"));
    }

    /** What the group's tasks, and only they, satisfy: their {@code job_id} is this id. */
    public TaskCondition tasks() {
        return new TaskCondition.Equal(SearchField.TASK_GROUP_ID, toString());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
