package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With few tasks stored, as in a new store, the claims and the changes still find tasks by their
 * keys: the plan a connection makes then is the one it keeps as the table grows.
 */
class SmallTableQueryPlanTest {

    private static PostgresStore store;

    @BeforeAll
    static void storeAFewTasks() {
        store = TestDatabase.open(2);
        TestDatabase.storeTasks(store, "INSERT INTO task (id, position, operation, args, claims, tags, cancellable,"
                + " response, reasons, state, progress, submit_nanos, claims_released, version)"
                + " SELECT gen_random_uuid(), g, 'sleep', '{}', '[]', ARRAY['team:1'], true, 'accepted', '[]',"
                + " 'waiting', '{}', g, false, 1 FROM generate_series(1, 100) g");
    }

    @AfterAll
    static void removeThem() {
        TestDatabase.removeTasks(store);
        store.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"claim", "change", "claim after changes"})
    void givenAFewTasks_theClaimsAndTheChanges_findTasksByTheirKeys_notByReadingTheTable(String statement)
            throws SQLException {
        String sql = switch (statement) {
            case "claim" -> PostgresTaskRepository.CLAIM;
            case "change" -> PostgresTaskRepository.WRITE;
            default -> PostgresTaskRepository.CLAIM_AFTER_CHANGES;
        };

        // as the repository runs it: after the setting, in the same transaction
        String plan = GenericPlans.of(store, sql, GenericPlans.nulls(sql), PostgresTaskRepository.KEYS_NOT_SCANS);

        assertThat(plan).as(statement).contains("task_pkey").doesNotContain("Seq Scan on task");
        if (!statement.equals("change")) {
            assertThat(plan).as(statement).contains("task_waiting_position");
        }
    }

    @Test
    void givenAFewTasks_theAdmissionsLookForWaitingTasks_onTheWaitingQueuesIndex() throws SQLException {
        String plan = GenericPlans.of(store, "SELECT " + Admissions.NONE_WAITING, "");

        assertThat(plan).contains("task_waiting_position").doesNotContain("Seq Scan on task");
    }
}
