package dev.taskmill.domain;

import java.util.Locale;

/** How a call was admitted, decided once at submission. */
public enum CallResponse {
    ACCEPTED, POSTPONED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name used on the wire and in storage, such as {@code accepted}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name such as {@code postponed}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static CallResponse fromWireName(String name) {
        for (CallResponse response : values()) {
            if (response.wireName().equals(name)) {
                return response;
            }
        }
        throw new IllegalArgumentException("Unknown call response '" + name + "'");
    }
}
