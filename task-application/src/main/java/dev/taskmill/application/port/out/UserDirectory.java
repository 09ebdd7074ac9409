package dev.taskmill.application.port.out;

import java.util.List;
import java.util.Optional;

/**
 * Stores the users who may call the API. Changes made by another process (such as the
 * {@code users} command on the same file) become visible without a restart.
 */
public interface UserDirectory {

    /** The user named {@code name}, as currently stored. */
    Optional<UserAccount> find(String name);

    /** Every user, by name. */
    List<UserAccount> all();

    /**
     * Stores {@code account} unless a user of the same name exists, in one step with that check;
     * returns whether it was stored.
     */
    boolean add(UserAccount account);

    /** Stores {@code account}, replacing a user of the same name; returns whether one was replaced. */
    boolean save(UserAccount account);

    /** Removes the user named {@code name}; returns whether there was one. */
    boolean remove(String name);
}
