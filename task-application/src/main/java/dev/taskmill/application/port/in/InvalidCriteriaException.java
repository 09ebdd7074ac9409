package dev.taskmill.application.port.in;

/** Thrown when a search's criteria break a rule of the search language; the message names what. */
public class InvalidCriteriaException extends RuntimeException {

    public InvalidCriteriaException(String message) {
        super(message);
    }
}
