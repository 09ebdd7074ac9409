package dev.taskmill.domain;

/** Thrown when a value meant for a task's arguments, progress or result has no JSON form. */
public class NotJsonCompatibleException extends IllegalArgumentException {

    public NotJsonCompatibleException(String message) {
        super(message);
    }
}
