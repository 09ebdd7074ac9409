package dev.taskmill.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The text of an option as the value it names; each refusal says what was expected. */
final class OptionValues {

    private OptionValues() {
    }

    /** The default directory is created if missing; one given explicitly must exist, so that a typo stays an error. */
    static Path dataDirectory(String text, String defaultDirectory) {
        Path directory = Path.of(text);
        if (text.equals(defaultDirectory) && !Files.exists(directory)) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create data dir '" + directory.toAbsolutePath() + "': " + e,
                        e);
            }
        }
        return TaskmillConfig.requireDataDir(directory);
    }

    static String host(String text) {
        TaskmillConfig.requireBind(text);
        try {
            InetAddress.getByName(text);
            return text;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + text + "'", e);
        }
    }

    /** Java's own message ("Text cannot be parsed to a Duration") says neither the form nor an example. */
    static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration: write PT24H for 24 hours,"
                    + " PT30M for 30 minutes, PT10S for 10 seconds or P7D for 7 days", e);
        }
    }

    static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
        }
    }

    /** {@code true} or {@code false}, in any case. */
    static boolean bool(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is neither true nor false");
        };
    }
}
