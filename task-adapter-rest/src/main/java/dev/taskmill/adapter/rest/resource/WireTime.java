package dev.taskmill.adapter.rest.resource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The contract's time format: ISO-8601 UTC with millisecond precision and {@code Z}. */
final class WireTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private WireTime() {
    }

    /** The instant as {@code 2012-05-13T23:00:02.000Z}, or null for null. */
    static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }
}
