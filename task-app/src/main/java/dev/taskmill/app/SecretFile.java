package dev.taskmill.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A password kept in a file of its own, so that it appears on no command line. */
final class SecretFile {

    private SecretFile() {
    }

    /**
     * The file's one line, without the line break an editor or {@code echo} leaves.
     *
     * @throws UncheckedIOException naming {@code what} if the file cannot be read
     */
    static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + what + " " + file, e);
        }
    }
}
