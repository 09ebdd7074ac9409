package dev.taskmill.domain;

import java.util.Locale;

/** How a call was admitted, decided once at submission. */
public enum CallResponse {
    ACCEPTED, POSTPONED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
