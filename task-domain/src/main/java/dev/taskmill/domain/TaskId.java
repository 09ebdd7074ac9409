package dev.taskmill.domain;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies a task; a UUID rendered in lower case. */
public record TaskId(UUID value) {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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
     * @throws IllegalArgumentException if {@code text} is not a UUID in its canonical 8-4-4-4-12 form
     */
    public static TaskId parse(String text) {
        return new TaskId(parseUuid(text, "task id"));
    }

    /** A UUID in its canonical form, else an {@link IllegalArgumentException} saying it is not a {@code what}. */
    static UUID parseUuid(String text, String what) {
        Objects.requireNonNull(text, "text");
        if (!CANONICAL.matcher(text).matches()) {
            throw new IllegalArgumentException("Not a " + what + ": " + text);
        }
        return UUID.fromString(text);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
