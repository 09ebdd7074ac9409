package dev.taskmill.domain;

import java.util.Locale;

/** What a call does to a resource it claims; the columns and rows of the conflict matrix. */
public enum ResourceOperation {
    CREATE, READ, UPDATE, DELETE;

    /** The lower-case name used on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name such as {@code update}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static ResourceOperation fromWireName(String name) {
        for (ResourceOperation operation : values()) {
            if (operation.wireName().equals(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException(
                "resource operation must be one of create, read, update, delete, not '" + name + "'");
    }
}
