package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With few tasks stored, as in a new store, the claims and the changes still find tasks by their
 * keys: the plan a connection makes then is the one it keeps as the table grows.
 */
class SmallTableQueryPlanTest {

    private static PostgresStore store;

    @BeforeAll
    static void storeAFewTasks() throws SQLException {
        store = TestDatabase.open(2);
        TestDatabase.removeTasks(store);
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO task (id, position, operation, args, claims, tags, cancellable, response,"
                    + " reasons, state, progress, submit_nanos, claims_released, version)"
                    + " SELECT gen_random_uuid(), g, 'sleep', '{}', '[]', ARRAY['team:1'], true, 'accepted', '[]',"
                    + " 'waiting', '{}', g, false, 1 FROM generate_series(1, 100) g");
            statement.execute("ANALYZE task");
        }
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

        String plan = planAsTheRepositoryRunsIt(sql);

        assertThat(plan).as(statement).contains("task_pkey").doesNotContain("Seq Scan on task");
        if (!statement.equals("change")) {
            assertThat(plan).as(statement).contains("task_waiting_position");
        }
    }

    /**
     * The generic plan of {@code sql} made, as the repository runs it, after
     * {@link PostgresTaskRepository#KEYS_NOT_SCANS} in the same transaction.
     */
    private static String planAsTheRepositoryRunsIt(String sql) throws SQLException {
        int parameters = 0;
        StringBuilder numbered = new StringBuilder();
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++parameters : String.valueOf(c));
        }
        StringBuilder plan = new StringBuilder();
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute(PostgresTaskRepository.KEYS_NOT_SCANS);
                statement.execute("PREPARE planned AS " + numbered);
                // the plan made once for any value: the values do not matter
                String values = String.join(", ", Collections.nCopies(parameters, "NULL"));
                try (ResultSet result = statement.executeQuery("EXPLAIN EXECUTE planned(" + values + ")")) {
                    while (result.next()) {
                        plan.append(result.getString(1)).append('\n');
                    }
                } finally {
                    statement.execute("DEALLOCATE planned");
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        return plan.toString();
    }
}
