package dev.taskmill.bench;

import dev.taskmill.app.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL database of the {@code postgres} scenario: {@code TASKMILL_BENCH_DB_URL}, {@code _USER}, {@code _PASSWORD}. */
record BenchDatabase(String url, String user, String password) {

    static BenchDatabase fromEnvironment() {
        return new BenchDatabase(System.getenv("TASKMILL_BENCH_DB_URL"), System.getenv("TASKMILL_BENCH_DB_USER"),
                System.getenv("TASKMILL_BENCH_DB_PASSWORD"));
    }

    /** @throws IllegalStateException unless a database is given */
    void require() {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("TASKMILL_BENCH_DB_URL is not set; bench/run.sh starts a PostgreSQL server");
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Drops every table of an earlier round; a Taskmill node migrates its own when it starts. */
    StoreConfig empty() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP OWNED BY CURRENT_USER CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty the bench database: " + e.getMessage(), e);
        }
        try {
            Path passwordFile = Files.createTempFile("taskmill-bench-db", ".pass");
            passwordFile.toFile().deleteOnExit();
            Files.writeString(passwordFile, password + "\n");
            return StoreConfig.postgres(url, user, passwordFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
