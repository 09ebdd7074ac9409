package dev.taskmill.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Searching by id on PostgreSQL as the store grows: {@code task_id $in} of 100 ids through a
 * node's HTTP API, with 10,000 and then 1,000,000 finished tasks stored. The tasks are written
 * straight into the task table (as the plan test does), since running a million through a node
 * would take most of the run; the statistics are brought up to date after each fill, as
 * autovacuum would.
 */
final class PostgresSearchScale implements Scenario {

    private final BenchDatabase database = BenchDatabase.fromEnvironment();

    @Override
    public String id() {
        return "postgres-search";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        database.require();
        int small = 10_000;
        int large = settings.size(1_000_000, 100_000);
        int requests = settings.size(2_000, 500);
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.start(Duration.ofDays(365), database.empty())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            fill(0, small);
            HttpRequest search = StoreScale.searchByIds(taskmill.baseUri(), idsSpreadOver(small));
            Repeat.log("%,d tasks stored", small);
            Figure smallStore = Repeat.figure(settings, "us/request",
                    () -> StoreScale.micros(client, search, requests, StoreScale.SEARCHED_IDS));
            fill(small, large);
            Repeat.log("%,d tasks stored", large);
            Figure largeStore = Repeat.figure(settings, "us/request",
                    () -> StoreScale.micros(client, search, requests, StoreScale.SEARCHED_IDS));
            return List.of(new ScenarioResult("postgres-search-by-ids",
                    "PostgreSQL: search by id as the store grows: POST /v2/tasks/search/ with task_id $in "
                            + StoreScale.SEARCHED_IDS + " ids",
                    List.of(Comparison.of("time per request", String.format("%,d stored", large), largeStore,
                            String.format("%,d stored", small), smallStore,
                            Comparison.Target.atMost(1.5, "<= 1.5x the small store's time"))),
                    Map.of(),
                    List.of(requests + " sequential requests per round over one keep-alive connection; the same "
                            + StoreScale.SEARCHED_IDS + " finished tasks found at both sizes")));
        }
    }

    /** Stores finished tasks at positions {@code from + 1} to {@code to}, then analyses the table. */
    private void fill(int from, int to) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO task (id, position, operation, args, claims, tags, cancellable, response,"
                    + " reasons, state, progress, result, submit_nanos, start_nanos, finish_nanos, claims_released,"
                    + " version)"
                    + " SELECT gen_random_uuid(), g, 'noop', '{}', '[]',"
                    + " ARRAY['bench:store', 'batch:' || (g / 1000), 'pulp:action:noop'], true, 'accepted', '[]',"
                    + " 'finished', '{}', '{}', now, now, now, true, 3"
                    // finished now, so that retention leaves them
                    + " FROM generate_series(" + (from + 1) + ", " + to + ") g,"
                    + " (SELECT (extract(epoch FROM clock_timestamp()) * 1e9)::bigint AS now) AS clock");
            statement.execute("SELECT setval('task_position', " + to + ")");
            statement.execute("ANALYZE task");
        }
    }

    /** {@link StoreScale#SEARCHED_IDS} ids spread evenly over the first {@code tasks} positions. */
    private List<String> idsSpreadOver(int tasks) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id FROM task WHERE position % "
                        + tasks / StoreScale.SEARCHED_IDS + " = 0 AND position <= " + tasks + " ORDER BY position")) {
            while (result.next()) {
                ids.add(result.getString(1));
            }
        }
        return ids;
    }
}
