package dev.taskmill.domain;

import java.util.Objects;

/**
 * Why a task ended in {@code error} (or was skipped), as a person and a program read it.
 *
 * @param code the cause
 * @param description a sentence a person can read: what the code means, and the message
 * @param message the message of the exception that ended the task, or null if it had none
 */
public record TaskError(ErrorCode code, String description, String message) {

    public TaskError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    /**
     * The error of a task that ended with {@code exception} in the form {@code Type: message}
     * (or {@code Type} alone) for {@code code}.
     */
    static TaskError of(ErrorCode code, String exception) {
        String message = messageOf(exception);
        String description = message == null ? code.summary() + "." : code.summary() + ": " + message;
        return new TaskError(code, description, message);
    }

    /** The message of {@code Type: message}; null for {@code Type} alone, or no exception. */
    private static String messageOf(String exception) {
        if (exception == null) {
            return null;
        }
        int colon = exception.indexOf(": ");
        if (colon < 0) {
            return null;
        }
        String message = exception.substring(colon + 2).strip();
        return message.isEmpty() ? null : message;
    }
}
