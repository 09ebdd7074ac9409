package dev.taskmill.domain;

import java.util.Locale;

/** What a user may do with tasks in general; whoever submitted a task may always read and cancel it. */
public enum Permission {
    /** Poll any task and list every task. */
    READ,
    /** Submit calls. */
    CREATE,
    /** Cancel any task. */
    DELETE;

    /** The name in the users file and on the command line, such as {@code read}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The permission named {@code name}.
     *
     * @throws IllegalArgumentException naming the permissions there are
     */
    public static Permission fromWireName(String name) {
        for (Permission permission : values()) {
            if (permission.wireName().equals(name)) {
                return permission;
            }
        }
        throw new IllegalArgumentException("unknown permission '" + name + "'; permissions are read, create, delete");
    }
}
