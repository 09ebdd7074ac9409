package dev.taskmill.app;

import java.util.Locale;
import java.util.Objects;

/**
 * How the server logs.
 *
 * @param format {@code text} lines, or {@code json}: one JSON object a line
 * @param level the least severe level logged, {@code error} to {@code trace}; the audit lines
 *        (and the access log when it is on) log whatever it says
 * @param accessLog whether every HTTP request is logged, on the logger {@code taskmill.access}
 */
public record LogConfig(Format format, String level, boolean accessLog) {

    /** Text lines at level info, without the access log. */
    public static final LogConfig DEFAULT = new LogConfig(Format.TEXT, "info", false);

    /** The levels, most severe first. */
    static final String LEVELS = "error, warn, info, debug or trace";

    /** How each line is written. */
    public enum Format {
        /** {@code 2026-12-05T03:45:00.000Z [INFO] Taskmill - message} */
        TEXT,
        /** {@code {"time": ..., "level": ..., "logger": ..., "message": ..., "task_id": ...}} */
        JSON;

        /** {@code text} or {@code json}. */
        static Format parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException("log format is text or json, not '" + text + "'");
            };
        }
    }

    public LogConfig {
        Objects.requireNonNull(format, "format");
        level = requireLevel(level);
    }

    /** One of {@link #LEVELS}, in any case; returned in lower case. */
    static String requireLevel(String level) {
        Objects.requireNonNull(level, "level");
        String lower = level.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "error", "warn", "info", "debug", "trace" -> lower;
            default -> throw new IllegalArgumentException("log level is " + LEVELS + ", not '" + level + "'");
        };
    }
}
