package dev.taskmill.application.port.in;

/** Thrown when a user to add has the name of a user who exists already. */
public class UserAlreadyExistsException extends RuntimeException {

    private final String name;

    public UserAlreadyExistsException(String name) {
        super("user '" + name + "' already exists");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
