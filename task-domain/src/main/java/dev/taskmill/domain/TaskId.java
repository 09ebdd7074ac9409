package dev.taskmill.domain;

import java.util.Objects;
import java.util.UUID;

/** Identifies a task; a UUID rendered in lower case. */
public record TaskId(UUID value) {

    public TaskId {
        Objects.requireNonNull(value, "value");
    }

    /** A new random id. */
    public static TaskId random() {
        return new TaskId(UUID.randomUUID());
    }

    /**
     * Parses the textual form of a task id.
     *
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static TaskId parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != 36) {
            throw new IllegalArgumentException("Not a task id: " + text);
        }
        return new TaskId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
