package dev.taskmill.application.port.in;

/** Thrown when a request carries no credentials where some are needed, or wrong ones. */
public class AuthenticationFailedException extends RuntimeException {

    public AuthenticationFailedException(String message) {
        super(message);
    }
}
