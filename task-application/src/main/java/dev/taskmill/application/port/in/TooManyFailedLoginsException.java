package dev.taskmill.application.port.in;

import java.time.Duration;

/** Thrown for a user whose logins failed too often lately, until a pause has passed. */
public class TooManyFailedLoginsException extends RetryLaterException {

    public TooManyFailedLoginsException(String user, int failures, Duration window, Duration retryAfter) {
        super("Too many failed logins for user '" + user + "' (" + failures + " within "
                + window.toSeconds() + " seconds); logins for this user are refused for the next "
                + Math.max(1, retryAfter.toSeconds()) + " seconds", retryAfter);
    }
}
