package dev.taskmill.domain;

import java.util.Objects;
import java.util.UUID;

/** Identifies a task; a UUID rendered in lower case. */
public record TaskId(UUID value) {

    /** The length of a UUID's canonical form, 8-4-4-4-12 hexadecimal digits. */
    private static final int CANONICAL_LENGTH = 36;

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
        if (!isCanonical(text)) {
            throw new IllegalArgumentException("Not a " + what + ": " + text);
        }
        return UUID.fromString(text);
    }

    /** Whether {@code text} is 8-4-4-4-12 hexadecimal digits (checked on every poll: no regular expression). */
    private static boolean isCanonical(String text) {
        if (text.length() != CANONICAL_LENGTH) {
            return false;
        }
        for (int i = 0; i < CANONICAL_LENGTH; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
