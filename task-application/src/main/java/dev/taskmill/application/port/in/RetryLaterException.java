package dev.taskmill.application.port.in;

import java.time.Duration;

/** A refusal that passes: the same call may succeed once {@link #retryAfter} has passed. */
public abstract class RetryLaterException extends RuntimeException {

    private final transient Duration retryAfter;

    protected RetryLaterException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long until the call may be tried again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
