package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.SearchField;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.TaskCondition;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskSearch;
import dev.taskmill.domain.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With a million tasks stored, the listing, search and claiming queries the repository issues read
 * through an index, never the whole table: PostgreSQL's own plan for each says so.
 */
class QueryPlanTest {

    private static final int TASKS = 1_000_000;
    private static PostgresStore store;

    @BeforeAll
    static void storeAMillionTasks() {
        store = TestDatabase.open(2);
        // one in a thousand waiting, the rest finished; a thousand teams, a hundred users
        TestDatabase.storeTasks(store, "INSERT INTO task (id, position, operation, args, claims, tags, cancellable,"
                + " response, reasons, state, progress, submit_nanos, submitter, finish_nanos, claims_released, version)"
                + " SELECT gen_random_uuid(), g, 'sleep', '{}', '[]',"
                + " ARRAY['team:' || (g % 1000), 'pulp:action:sleep'], true, 'accepted', '[]',"
                + " CASE WHEN g % 1000 = 0 THEN 'waiting' ELSE 'finished' END, '{}', g, 'user' || (g % 100),"
                + " CASE WHEN g % 1000 = 0 THEN NULL ELSE g END, g % 1000 <> 0, 1"
                + " FROM generate_series(1, " + TASKS + ") g",
                // one in a hundred in a group of ten
                "UPDATE task SET job_id = 'group-' || (position / 1000) WHERE position % 100 < 10",
                // the waiting hold their claims, as they do in a store: the planner knows the table is not empty
                "INSERT INTO held_claim (task_id, ordinal, position, resource_type, resource_id, operation)"
                        + " SELECT id, 0, position, 'repository', 'repo-' || (position % 100), 'update'"
                        + " FROM task WHERE state = 'waiting'");
    }

    @AfterAll
    static void removeThem() {
        TestDatabase.removeTasks(store);
        store.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"incomplete", "tag", "incomplete tag", "finished tag", "submitter", "page"})
    void givenAMillionTasks_theListingQuery_readsAnIndex_notTheTable(String listing) throws SQLException {
        TaskFilter filter = switch (listing) {
            case "incomplete" -> TaskFilter.incomplete(Set.of());
            case "tag" -> new TaskFilter(Set.of(Tag.of("team:7")), Set.of());
            case "incomplete tag" -> TaskFilter.incomplete(Set.of(Tag.of("team:0")));
            case "finished tag" -> new TaskFilter(Set.of(Tag.of("team:7")), EnumSet.of(TaskState.FINISHED));
            case "submitter" -> TaskFilter.incomplete(Set.of()).submittedBy("user0");
            default -> new TaskFilter(Set.of(), Set.of());
        };
        StringBuilder plan = new StringBuilder();
        try (Connection connection = store.dataSource().getConnection();
                PreparedStatement explain = TaskListing.prepareFind(connection, "EXPLAIN ", filter,
                        TASKS / 2, 1001);
                ResultSet result = TaskListing.listed(explain)) {
            while (result.next()) {
                plan.append(result.getString(1)).append('\n');
            }
        }

        assertThat(plan.toString()).as(listing).contains("Index").doesNotContain("Seq Scan on task");
    }

    /**
     * The searches Pulp's clients lean on (a hundred ids, waiting and running tasks, a tag), and
     * the search of a group's tasks, read
     * through an index too, whatever else their condition holds.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ids", "incomplete", "tag", "incomplete tag", "ids sorted", "group"})
    void givenAMillionTasks_theSearchQuery_readsAnIndex_notTheTable(String search) throws SQLException {
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        TaskCondition incomplete = new TaskCondition.OneOf(SearchField.STATE, List.of("waiting", "running"));
        TaskCondition tag = new TaskCondition.Equal(SearchField.TAGS, "team:7");
        TaskCondition condition = switch (search) {
            case "ids", "ids sorted" -> new TaskCondition.All(List.of(new TaskCondition.OneOf(SearchField.TASK_ID, ids),
                    new TaskCondition.Not(new TaskCondition.Equal(SearchField.STATE, "canceled"))));
            case "incomplete" -> incomplete;
            case "tag" -> tag;
            // a group's tasks, for its state summary and its cancel
            case "group" -> TaskGroupId.random().tasks();
            default -> new TaskCondition.All(List.of(incomplete, tag));
        };
        List<TaskSearch.SortKey> order = search.endsWith("sorted")
                ? List.of(new TaskSearch.SortKey(SearchField.FINISH_TIME, true)) : List.of();
        StringBuilder plan = new StringBuilder();
        try (Connection connection = store.dataSource().getConnection();
                PreparedStatement explain = TaskSearchSql.prepare(connection, "EXPLAIN ",
                        new TaskSearch(condition, order, 0, 10_001));
                ResultSet result = TaskListing.listed(explain)) {
            while (result.next()) {
                plan.append(result.getString(1)).append('\n');
            }
        }

        assertThat(plan.toString()).as(search).contains("Index").doesNotContain("Seq Scan on task");
        if (search.startsWith("ids")) {
            assertThat(plan.toString()).contains("task_pkey");
        }
        if (search.equals("group")) {
            assertThat(plan.toString()).contains("task_job_id_position");
        }
    }

    /**
     * The claim takes the front of the waiting queue's index, and checks a postponed task's
     * claims by a lookup per task: never a hash of every held claim, built at each claim. The
     * plan shown is the one the store's connections run, made once for any value (see
     * {@link PostgresStore#GENERIC_PLANS}).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void givenAMillionTasks_theClaim_readsTheWaitingQueue_andChecksHeldClaimsPerTask(boolean afterChange)
            throws SQLException {
        String claim = afterChange ? PostgresTaskRepository.CLAIM_AFTER_CHANGES : PostgresTaskRepository.CLAIM;
        String worker = afterChange ? "'{" + UUID.randomUUID() + "}', '{taskmill-plan-1}'" : "'taskmill-plan-1'";
        String values = worker + ", 'running', 1, '" + UUID.randomUUID() + "'";

        // after the setting the store sends before the claim
        String plan = GenericPlans.of(store, claim, values, PostgresTaskRepository.KEYS_NOT_SCANS);

        assertThat(plan).contains("task_waiting_position").contains("held_claim_pkey")
                .doesNotContain("hashed").doesNotContain("Seq Scan");
        if (afterChange) {
            // the changed tasks, the parameter's ids, found by their key: made for any value
            assertThat(plan).contains("Index Cond: (id = c.id)");
        }
    }

    /**
     * An admission that may start its task looks whether any task waits: at the front of the
     * waiting queue's index, never by reading the table.
     */
    @Test
    void givenAMillionTasks_theAdmissionsLookForWaitingTasks_readsTheWaitingQueuesIndex() throws SQLException {
        String plan = GenericPlans.of(store, "SELECT " + Admissions.NONE_WAITING, "");

        assertThat(plan).contains("task_waiting_position").doesNotContain("Seq Scan");
    }

    /**
     * The metrics count the waiting and running tasks at every scrape: on an index, reading the
     * entries of those tasks alone (a partial index of them, or the states' index), never the
     * table nor the finished tasks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"WAITING", "RUNNING"})
    void givenAMillionTasks_theCountOfWaitingOrRunningTasks_readsAnIndexOfThemOnly(String state)
            throws SQLException {
        TaskState counted = TaskState.valueOf(state);

        String plan = genericPlan(PostgresTaskRepository.countSql(counted), "");

        assertThat(plan).containsPattern("Index (Only )?Scan using (task_waiting_position|task_running_node"
                + "|task_state_position)").doesNotContain("Seq Scan").doesNotContain("Bitmap Heap Scan");
        if (plan.contains("task_state_position")) {
            assertThat(plan).contains("Index Cond: (state = '" + counted.wireName() + "'::text)");
        }
        assertThat(store.repository().count(counted)).isEqualTo(counted == TaskState.WAITING ? TASKS / 1000 : 0);
    }

    private static String genericPlan(String sql, String values) throws SQLException {
        return GenericPlans.of(store, sql, values);
    }
}
