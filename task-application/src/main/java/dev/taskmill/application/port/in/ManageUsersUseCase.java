package dev.taskmill.application.port.in;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import java.util.List;
import java.util.Set;

/** Adds, replaces, removes and lists the users who may call the API. */
public interface ManageUsersUseCase {

    /** The shortest password a user may have. */
    int MIN_PASSWORD_LENGTH = 8;
    /** The longest password a user may have. */
    int MAX_PASSWORD_LENGTH = 1024;

    /**
     * Returns {@code password} if a user may have it: the one place that says how long a
     * password must be, also for passwords checked before a user is stored.
     *
     * @throws IllegalArgumentException saying how many characters a password has, without the password
     */
    static char[] requirePassword(char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password has " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH
                    + " characters, not " + password.length);
        }
        return password;
    }

    /**
     * Stores a new user with a hash of {@code password}.
     *
     * @throws UserAlreadyExistsException if a user of that name exists, who is left as they are
     * @throws IllegalArgumentException if the name or password is unfit
     */
    void addUser(String name, char[] password, Set<Permission> permissions);

    /**
     * Stores the user with a hash of {@code password}, replacing the password and permissions
     * of a user of the same name.
     *
     * @return {@code true} if the user is new, {@code false} if one was replaced
     * @throws IllegalArgumentException if the name or password is unfit
     */
    boolean addOrReplaceUser(String name, char[] password, Set<Permission> permissions);

    /** Removes the user; returns whether there was one. */
    boolean removeUser(String name);

    /** Every user as the caller they are once authenticated (no password hash), by name. */
    List<Caller> users();
}
