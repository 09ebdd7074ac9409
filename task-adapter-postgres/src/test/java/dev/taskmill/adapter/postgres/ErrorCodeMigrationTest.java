package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Migration 5: tasks an earlier version stored as {@code timed out} or in {@code error} without a
 * code read back in {@code error} with the code their exception shows, and so do rows an earlier
 * version writes after the migration.
 */
class ErrorCodeMigrationTest {

    @Test
    void givenTasksStoredByAnEarlierVersion_migrating_givesEachEndedInErrorItsCode() throws SQLException {
        PGSimpleDataSource database = TestDatabase.unpooled();
        UUID timedOut = UUID.randomUUID();
        UUID lost = UUID.randomUUID();
        UUID stopped = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        UUID finished = UUID.randomUUID();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP OWNED BY CURRENT_USER CASCADE");
            Flyway.configure().dataSource(database).locations("classpath:dev/taskmill/adapter/postgres/migration")
                    .target("4").load().migrate();
            statement.execute("INSERT INTO task (id, position, operation, args, claims, tags, cancellable, response,"
                    + " reasons, state, progress, exception, submit_nanos, start_nanos, finish_nanos,"
                    + " claims_released, version) VALUES "
                    + row(timedOut, 1, "timed out", "'TimeoutException: the task ran longer than its time limit of 5 seconds'")
                    + ", " + row(lost, 2, "error", "'NodeLostError: the node running this task stopped'")
                    + ", " + row(stopped, 3, "error", "'IllegalStateException: Taskmill stopped while the task was running'")
                    + ", " + row(failed, 4, "error", "'IOException: disk full'")
                    + ", " + row(finished, 5, "finished", "NULL"));

            PostgresStore.migrate(database);

            PostgresTaskRepository repository = new PostgresTaskRepository(database, UUID.randomUUID(),
                    Clock.systemUTC());
            Task wasTimedOut = repository.findById(new TaskId(timedOut)).orElseThrow();
            assertThat(wasTimedOut.state()).isEqualTo(TaskState.ERROR);
            assertThat(wasTimedOut.errorCode()).isEqualTo(ErrorCode.TIME_LIMIT_EXCEEDED);
            assertThat(code(repository, lost)).isEqualTo(ErrorCode.NODE_LOST);
            assertThat(code(repository, stopped)).isEqualTo(ErrorCode.SERVER_STOPPED);
            assertThat(code(repository, failed)).isEqualTo(ErrorCode.OPERATION_FAILED);
            assertThat(code(repository, finished)).isNull();

            // a server of an earlier version, still running while this one migrated, writes the old way
            UUID late = UUID.randomUUID();
            statement.execute("INSERT INTO task (id, position, operation, args, claims, tags, cancellable, response,"
                    + " reasons, state, progress, exception, submit_nanos, start_nanos, finish_nanos,"
                    + " claims_released, version) VALUES "
                    + row(late, 6, "timed out", "'TimeoutException: too slow'"));
            Task lateTimedOut = repository.findById(new TaskId(late)).orElseThrow();
            assertThat(lateTimedOut.state()).isEqualTo(TaskState.ERROR);
            assertThat(lateTimedOut.errorCode()).isEqualTo(ErrorCode.TIME_LIMIT_EXCEEDED);
            statement.execute("TRUNCATE task, held_claim");
        }
    }

    private static String row(UUID id, int position, String state, String exception) {
        return "('" + id + "', " + position + ", 'sleep', '{}', '[]', '{}', true, 'accepted', '[]', '" + state
                + "', '{}', " + exception + ", 1, 2, 3, true, 2)";
    }

    private static ErrorCode code(PostgresTaskRepository repository, UUID id) {
        return repository.findById(new TaskId(id)).orElseThrow().errorCode();
    }
}
