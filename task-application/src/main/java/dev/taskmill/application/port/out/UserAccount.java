package dev.taskmill.application.port.out;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import java.util.Objects;
import java.util.Set;

/**
 * A user who may call the API: a name, the hash of their password and their permissions.
 *
 * @param name 1 to 64 letters, digits, {@code .}, {@code _}, {@code @} or {@code -}
 */
public record UserAccount(String name, PasswordHash password, Set<Permission> permissions) {

    private static final int MAX_NAME = 64;

    public UserAccount {
        requireName(name);
        Objects.requireNonNull(password, "password");
        permissions = Set.copyOf(Objects.requireNonNull(permissions, "permissions"));
    }

    /**
     * Returns {@code name} if it can name a user.
     *
     * @throws IllegalArgumentException saying what a name may hold
     */
    public static String requireName(String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException("a user name has 1 to 64 letters, digits, '.', '_', '@' or '-', not '"
                    + name + "'");
        }
        return name;
    }

    /** Whether {@code name} can name a user (asked at every login: no regular expression). */
    public static boolean isName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || ".-_@".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** The caller this user is once authenticated. */
    public Caller caller() {
        return Caller.user(name, permissions);
    }
}
