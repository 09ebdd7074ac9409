package dev.taskmill.domain;

/** Thrown when a caller lacks the permission an action needs. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
