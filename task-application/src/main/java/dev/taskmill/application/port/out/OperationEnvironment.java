package dev.taskmill.application.port.out;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the server that operations may use.
 *
 * @param dataDirectory the directory operations that read files are confined to
 */
public record OperationEnvironment(Path dataDirectory) {

    public OperationEnvironment {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
    }
}
