package dev.taskmill.application.port.out;

/** Thrown by {@link Operation#validate} when a call's arguments are not acceptable. */
public class InvalidArgumentsException extends RuntimeException {

    public InvalidArgumentsException(String message) {
        super(message);
    }
}
