package dev.taskmill.adapter.postgres;

/** Thrown when the database cannot be reached or refuses a statement. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
