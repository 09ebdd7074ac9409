package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.TaskId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Migration 4: tasks stored with their response by enum name read back after it, by wire name, and read it still. */
class ResponseMigrationTest {

    private static final String REASON = "[{\"resource_type\": \"repository\", \"resource_id\": \"r1\","
            + " \"operation\": \"update\"}]";

    @Test
    void givenTasksStoredByAnEarlierVersion_migrating_storesTheirResponseByWireName() throws SQLException {
        PGSimpleDataSource database = TestDatabase.unpooled();
        UUID accepted = UUID.randomUUID();
        UUID postponed = UUID.randomUUID();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP OWNED BY CURRENT_USER CASCADE");
            Flyway.configure().dataSource(database).locations("classpath:dev/taskmill/adapter/postgres/migration")
                    .target("3").load().migrate();
            statement.execute("INSERT INTO task (id, position, operation, args, claims, tags, cancellable, response,"
                    + " reasons, state, progress, submit_nanos, claims_released, version) VALUES"
                    + " ('" + accepted + "', 1, 'sleep', '{}', '[]', '{}', true, 'ACCEPTED', '[]', 'waiting', '{}',"
                    + " 1, false, 1), ('" + postponed + "', 2, 'sleep', '{}', '[]', '{}', true, 'POSTPONED',"
                    + " '" + REASON + "',"
                    + " 'waiting', '{}', 2, false, 1)");

            PostgresStore.migrate(database);

            PostgresTaskRepository repository = new PostgresTaskRepository(database, UUID.randomUUID(), Clock.systemUTC());
            assertThat(repository.findById(new TaskId(accepted)).orElseThrow().response())
                    .isEqualTo(CallResponse.ACCEPTED);
            assertThat(repository.findById(new TaskId(postponed)).orElseThrow().response())
                    .isEqualTo(CallResponse.POSTPONED);
            // a server of an earlier version, still running while this one migrated, writes the enum name
            UUID late = UUID.randomUUID();
            statement.execute("INSERT INTO task (id, position, operation, args, claims, tags, cancellable, response,"
                    + " reasons, state, progress, submit_nanos, claims_released, version) VALUES"
                    + " ('" + late + "', 3, 'sleep', '{}', '[]', '{}', true, 'ACCEPTED', '[]', 'waiting', '{}',"
                    + " 3, false, 1)");
            assertThat(repository.findById(new TaskId(late)).orElseThrow().response())
                    .isEqualTo(CallResponse.ACCEPTED);
            statement.execute("TRUNCATE task, held_claim");
        }
    }
}
