package dev.taskmill.application.port.in;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import java.util.List;
import java.util.Set;

/** Adds, removes and lists the users who may call the API. */
public interface ManageUsersUseCase {

    /** The shortest password a user may have. */
    int MIN_PASSWORD_LENGTH = 8;
    /** The longest password a user may have. */
    int MAX_PASSWORD_LENGTH = 1024;

    /**
     * Stores the user with a hash of {@code password}, replacing a user of the same name.
     *
     * @return {@code true} if the user is new, {@code false} if one was replaced
     * @throws IllegalArgumentException if the name or password is unfit
     */
    boolean addUser(String name, char[] password, Set<Permission> permissions);

    /** Removes the user; returns whether there was one. */
    boolean removeUser(String name);

    /** Every user as the caller they are once authenticated (no password hash), by name. */
    List<Caller> users();
}
