package dev.taskmill.application.port.in;

/** Thrown when a submitted call names an unknown operation or has arguments its operation refuses. */
public class InvalidCallException extends RuntimeException {

    public InvalidCallException(String message) {
        super(message);
    }
}
