package dev.taskmill.application.port.out;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the server that operations may use.
 *
 * @param dataDirectory the directory operations that read files are confined to
 * @param secretFiles the server's own credentials (such as its users file and password files),
 *        which no operation may read, wherever the data directory is
 */
public record OperationEnvironment(Path dataDirectory, Set<Path> secretFiles) {

    public OperationEnvironment {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        secretFiles = Set.copyOf(Objects.requireNonNull(secretFiles, "secretFiles"));
    }

    /** An environment without secret files. */
    public OperationEnvironment(Path dataDirectory) {
        this(dataDirectory, Set.of());
    }

    /**
     * Whether {@code file} is one of the secret files: the same file on disk, whatever links
     * lead to either (a hard link included).
     *
     * @throws IOException if {@code file} cannot be looked at
     */
    public boolean isSecret(Path file) throws IOException {
        for (Path secret : secretFiles) {
            try {
                if (Files.isSameFile(file, secret)) {
                    return true;
                }
            } catch (NoSuchFileException e) {
                // a secret file that does not exist (yet) is not the one being read
            }
        }
        return false;
    }
}
