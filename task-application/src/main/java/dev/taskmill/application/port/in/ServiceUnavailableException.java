package dev.taskmill.application.port.in;

import java.time.Duration;

/** Thrown by a use case while the store it needs cannot be reached: the same call may succeed later. */
public class ServiceUnavailableException extends RetryLaterException {

    /** How long a client waits before trying again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public ServiceUnavailableException(String message) {
        super(message, RETRY_AFTER);
    }
}
