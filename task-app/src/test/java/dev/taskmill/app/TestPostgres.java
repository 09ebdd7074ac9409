package dev.taskmill.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL database of {@code TASKMILL_TEST_DB_URL}, {@code _USER} and {@code _PASSWORD}
 * (see {@code .ci/postgres}). Without them the tests that need it fail rather than skip.
 */
public final class TestPostgres {

    private TestPostgres() {
    }

    /** The test database without any Taskmill tables, as a store for a server; the password goes in {@code dir}. */
    public static StoreConfig emptyDatabase(Path dir) {
        String url = System.getenv("TASKMILL_TEST_DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("TASKMILL_TEST_DB_URL is not set: this test needs a PostgreSQL server;"
                    + " run it with 'bash .ci/run', or start one with eval \"$(bash .ci/postgres)\"");
        }
        String user = System.getenv("TASKMILL_TEST_DB_USER");
        String password = System.getenv("TASKMILL_TEST_DB_PASSWORD");
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            // every table, sequence and index an earlier test made
            statement.execute("DROP OWNED BY CURRENT_USER CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty the test database: " + e.getMessage(), e);
        }
        try {
            return StoreConfig.postgres(url, user, Files.writeString(Files.createTempFile(dir, "db", ".pass"),
                    password + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
