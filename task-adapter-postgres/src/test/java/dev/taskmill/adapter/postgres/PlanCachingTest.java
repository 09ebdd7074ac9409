package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.TaskBuilder;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSubmission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the store's connections the claim runs on one plan made for any value, planned once per
 * connection, and the listing is planned for its values at each run: PostgreSQL's count of the
 * plans behind each prepared statement, on every connection of the store, says so.
 */
class PlanCachingTest {

    /** More runs than the driver makes before it prepares a statement on the server. */
    private static final int RUNS = 10;
    private static final Tag TAG = Tag.of("plan:caching");

    /** The fewest connections a store opens with: its migration takes two. */
    private static final int CONNECTIONS = 2;

    private static PostgresStore store;

    @BeforeAll
    static void connect() {
        store = TestDatabase.open(CONNECTIONS);
        TestDatabase.removeTasks(store);
        TaskRepository repository = store.repository();
        for (int i = 0; i < RUNS; i++) {
            repository.admit(TaskSubmission.of(TaskId.random(), "sleep", Map.of(),
                    List.of(new ResourceClaim("repository", "plan-" + i, ResourceOperation.UPDATE)), List.of(TAG),
                    true, null, Instant.now(), null));
        }
    }

    @AfterAll
    static void disconnect() {
        TestDatabase.removeTasks(store);
        store.close();
    }

    @Test
    void theClaim_runsOnOneGenericPlan() throws SQLException {
        for (int i = 0; i < RUNS; i++) {
            assertThat(store.repository().claimNextRunnable(Instant.now(), TaskBuilder.WORKER)).isPresent();
        }

        // sent after KEYS_NOT_SCANS, as a statement of its own
        Plans plans = plansOf("%WITH w AS MATERIALIZED (SELECT ARRAY[$1::text] AS names) UPDATE task SET state = $2,%");
        assertThat(plans.generic()).isPositive();
        assertThat(plans.custom()).isZero();
    }

    @Test
    void theListing_isPlannedForItsValues_atEachRun() throws SQLException {
        for (int i = 0; i < RUNS; i++) {
            assertThat(store.repository().find(new TaskFilter(Set.of(TAG), Set.of()), 0, 100)).isNotEmpty();
        }

        Plans plans = plansOf("%SELECT id, position, %FROM task WHERE position > $1 AND tags @> $2%");
        assertThat(plans.custom()).isPositive();
        assertThat(plans.generic()).isZero();
    }

    private record Plans(long generic, long custom) {
    }

    /** The plans made for the statements matching {@code pattern} prepared on the store's connections. */
    private static Plans plansOf(String pattern) throws SQLException {
        List<Connection> all = new ArrayList<>();
        try {
            long generic = 0;
            long custom = 0;
            for (int i = 0; i < CONNECTIONS; i++) {
                Connection connection = store.dataSource().getConnection();
                all.add(connection);
                try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(sum(generic_plans), 0),"
                        + " coalesce(sum(custom_plans), 0) FROM pg_prepared_statements WHERE statement LIKE ?")) {
                    select.setString(1, pattern);
                    try (ResultSet result = select.executeQuery()) {
                        result.next();
                        generic += result.getLong(1);
                        custom += result.getLong(2);
                    }
                }
            }
            return new Plans(generic, custom);
        } finally {
            for (Connection connection : all) {
                connection.close();
            }
        }
    }
}
