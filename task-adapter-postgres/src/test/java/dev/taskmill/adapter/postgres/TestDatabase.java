package dev.taskmill.adapter.postgres;

import dev.taskmill.domain.TaskBuilder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL database the tests use, named by {@code TASKMILL_TEST_DB_URL},
 * {@code TASKMILL_TEST_DB_USER} and {@code TASKMILL_TEST_DB_PASSWORD}; {@code .ci/postgres}
 * starts one and prints them. Without them the tests fail rather than skip.
 */
final class TestDatabase {

    private TestDatabase() {
    }

    static PostgresStore open(int poolSize) {
        String url = System.getenv("TASKMILL_TEST_DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("TASKMILL_TEST_DB_URL is not set: these tests need a PostgreSQL server;"
                    + " run them with 'bash .ci/run', or start one with eval \"$(bash .ci/postgres)\"");
        }
        return PostgresStore.open(url, System.getenv("TASKMILL_TEST_DB_USER"),
                System.getenv("TASKMILL_TEST_DB_PASSWORD"), poolSize, Duration.ofSeconds(30),
                Clock.fixed(TaskBuilder.T0, ZoneOffset.UTC));
    }

    /** The test database without a pool: for migrating it step by step, as an earlier version would have. */
    static PGSimpleDataSource unpooled() {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(System.getenv("TASKMILL_TEST_DB_URL"));
        database.setUser(System.getenv("TASKMILL_TEST_DB_USER"));
        database.setPassword(System.getenv("TASKMILL_TEST_DB_PASSWORD"));
        return database;
    }

    /** Removes every task from {@code store}'s database. */
    static void removeTasks(PostgresStore store) {
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE task, held_claim");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty the test database: " + e.getMessage(), e);
        }
    }

    /** Replaces the tasks of {@code store}'s database with those {@code statements} store, and has PostgreSQL analyze them. */
    static void storeTasks(PostgresStore store, String... statements) {
        removeTasks(store);
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("ANALYZE task, held_claim");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the tasks of a test: " + e.getMessage(), e);
        }
    }
}
