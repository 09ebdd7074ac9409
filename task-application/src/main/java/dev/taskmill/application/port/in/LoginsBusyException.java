package dev.taskmill.application.port.in;

import java.time.Duration;

/**
 * Thrown when a login needs a password check while as many as the server runs at once are
 * under way: a flood of wrong or unknown logins cannot take the threads that serve everyone
 * else. A user whose password was checked before is not held up by it.
 */
public class LoginsBusyException extends RetryLaterException {

    public LoginsBusyException() {
        super("Too many logins are being checked at the moment; try again in a second", Duration.ofSeconds(1));
    }
}
