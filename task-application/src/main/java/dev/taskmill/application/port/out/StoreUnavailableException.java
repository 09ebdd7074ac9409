package dev.taskmill.application.port.out;

/**
 * Thrown by a store that cannot be reached at the moment (its server is down, or no connection
 * to it came free in time): nothing was changed by the call that failed, or its outcome is
 * unknown, and the same call may succeed later.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
