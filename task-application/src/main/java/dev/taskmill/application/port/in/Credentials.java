package dev.taskmill.application.port.in;

import java.util.Objects;

/**
 * A user name and password as a client sent them.
 *
 * <p>{@link #toString()} leaves the password out, so that a log line never holds it.
 */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + "]";
    }
}
