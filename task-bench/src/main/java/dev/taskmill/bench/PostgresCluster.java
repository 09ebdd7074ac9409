package dev.taskmill.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 7: Taskmill on PostgreSQL with 1, 2 and 4 nodes against db-scheduler (lock-and-fetch
 * polling, immediate execution) with as many schedulers on the same database, each node with
 * the same number of worker threads: no-op tasks submitted round-robin, timed until all have
 * run. And the submit-to-start latency on an idle two-node cluster.
 *
 * <p>The database is {@code TASKMILL_BENCH_DB_URL}, {@code _USER} and {@code _PASSWORD};
 * {@code bench/run.sh} starts a throwaway one.
 */
final class PostgresCluster implements Scenario {

    private static final int[] NODES = {1, 2, 4};
    private static final Duration DB_SCHEDULER_POLLING = Duration.ofMillis(250);
    private static final String DB_SCHEDULER_TABLE = "CREATE TABLE scheduled_tasks (task_name text NOT NULL,"
            + " task_instance text NOT NULL, task_data bytea, execution_time timestamptz NOT NULL,"
            + " picked boolean NOT NULL, picked_by text, last_success timestamptz, last_failure timestamptz,"
            + " consecutive_failures int, last_heartbeat timestamptz, version bigint NOT NULL, priority smallint,"
            + " PRIMARY KEY (task_name, task_instance));"
            + " CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);"
            + " CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);"
            + " CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)";

    private final String url = System.getenv("TASKMILL_BENCH_DB_URL");
    private final String user = System.getenv("TASKMILL_BENCH_DB_USER");
    private final String password = System.getenv("TASKMILL_BENCH_DB_PASSWORD");

    @Override
    public String id() {
        return "postgres";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("TASKMILL_BENCH_DB_URL is not set; bench/run.sh starts a PostgreSQL server");
        }
        int tasks = settings.size(4_000, 1_000);
        List<Comparison> comparisons = new ArrayList<>();
        for (int nodes : NODES) {
            Repeat.log("%,d no-op tasks on %d Taskmill node(s)", tasks, nodes);
            Figure taskmill = throughput(tasks, Repeat.figure(settings, "s", () -> taskmillRound(nodes, tasks)));
            Repeat.log("%,d no-op tasks on %d db-scheduler instance(s)", tasks, nodes);
            Figure dbScheduler = throughput(tasks, Repeat.figure(settings, "s", () -> dbSchedulerRound(nodes, tasks)));
            comparisons.add(Comparison.of("throughput", nodes + " Taskmill node(s)", taskmill,
                    nodes + " db-scheduler instance(s)", dbScheduler,
                    Comparison.Target.atLeast(1.0, ">= 1x db-scheduler")));
        }
        int samples = settings.size(400, 100);
        Repeat.log("submit-to-start latency, %d tasks one at a time, 2 idle Taskmill nodes", samples);
        Figure taskmillP99 = Repeat.figure(settings, "ms", () -> taskmillLatencyP99(samples));
        Repeat.log("submit-to-start latency, %d tasks one at a time, 2 idle db-scheduler instances", samples);
        Figure dbSchedulerP99 = Repeat.figure(settings, "ms", () -> dbSchedulerLatencyP99(samples));
        comparisons.add(Comparison.of("start latency p99", "2 Taskmill nodes", taskmillP99, "the 20 ms target",
                Figure.of("ms", 20), Comparison.Target.atMost(1.0, "<= 20 ms")));
        Map<String, Figure> figures = new LinkedHashMap<>();
        figures.put("db-scheduler start latency p99", dbSchedulerP99);
        return List.of(new ScenarioResult(id(), "PostgreSQL: nodes sharing one database, against db-scheduler",
                comparisons, figures, List.of(String.format("%,d tasks a round, submitted round-robin from one"
                        + " thread; %d workers (threads) per node; db-scheduler polls every %d ms besides its"
                        + " immediate execution", tasks, BenchSettings.WORKERS, DB_SCHEDULER_POLLING.toMillis()))));
    }

    private double taskmillRound(int nodes, int tasks) throws Exception {
        StoreConfig store = emptyDatabase();
        List<EmbeddedTaskmill> cluster = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                cluster.add(EmbeddedTaskmill.start(Duration.ofHours(24), store));
            }
            Tag bench = Tag.of("bench:postgres");
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                cluster.get(i % nodes).submitNoOp("p-" + i, ResourceOperation.UPDATE, bench, Tag.of("batch:" + i / 100));
            }
            Repeat.log("    Taskmill: submitted in %.2f s", (System.nanoTime() - start) / 1e9);
            // db-scheduler's round waits on a latch; polling the database more often would slow Taskmill's
            cluster.get(0).awaitIdle(Duration.ofMinutes(10), 20);
            return (System.nanoTime() - start) / 1e9;
        } finally {
            cluster.forEach(EmbeddedTaskmill::close);
        }
    }

    private double dbSchedulerRound(int nodes, int tasks) throws Exception {
        emptyDatabase();
        createDbSchedulerTable();
        CountDownLatch done = new CountDownLatch(tasks);
        OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> done.countDown());
        List<Running> cluster = startDbSchedulers(nodes, noop);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                cluster.get(i % nodes).scheduler().schedule(noop.instance("t-" + i), Instant.now());
            }
            Repeat.log("    db-scheduler: scheduled in %.2f s", (System.nanoTime() - start) / 1e9);
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("db-scheduler did not run every task within 10 minutes");
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            cluster.forEach(Running::stop);
        }
    }

    private double taskmillLatencyP99(int samples) throws Exception {
        StoreConfig store = emptyDatabase();
        try (EmbeddedTaskmill first = EmbeddedTaskmill.start(Duration.ofHours(24), store);
                EmbeddedTaskmill second = EmbeddedTaskmill.start(Duration.ofHours(24), store)) {
            Tag bench = Tag.of("bench:latency");
            double[] millis = new double[samples];
            for (int i = 0; i < samples; i++) {
                EmbeddedTaskmill node = i % 2 == 0 ? first : second;
                Task submitted = node.submitNoOp("l-" + i, ResourceOperation.UPDATE, bench, bench);
                Task started = node.current(submitted);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (started.startTime() == null && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                    started = node.current(submitted);
                }
                if (started.startTime() == null) {
                    throw new IllegalStateException("A task did not start within 10 s");
                }
                millis[i] = Duration.between(started.submitTime(), started.startTime()).toNanos() / 1e6;
            }
            Arrays.sort(millis);
            return Figure.quantile(millis, 0.99);
        }
    }

    private double dbSchedulerLatencyP99(int samples) throws Exception {
        emptyDatabase();
        createDbSchedulerTable();
        Map<String, Long> started = new ConcurrentHashMap<>();
        OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) ->
                started.put(instance.getId(), System.nanoTime()));
        List<Running> cluster = startDbSchedulers(2, noop);
        try {
            double[] millis = new double[samples];
            for (int i = 0; i < samples; i++) {
                String id = "l-" + i;
                long submitted = System.nanoTime();
                cluster.get(i % 2).scheduler().schedule(noop.instance(id), Instant.now());
                long deadline = submitted + TimeUnit.SECONDS.toNanos(10);
                while (!started.containsKey(id) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Long start = started.get(id);
                if (start == null) {
                    throw new IllegalStateException("A db-scheduler task did not start within 10 s");
                }
                millis[i] = (start - submitted) / 1e6;
            }
            Arrays.sort(millis);
            return Figure.quantile(millis, 0.99);
        } finally {
            cluster.forEach(Running::stop);
        }
    }

    private List<Running> startDbSchedulers(int nodes, OneTimeTask<Void> task) {
        List<Running> cluster = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(BenchSettings.WORKERS + 8);
            HikariDataSource pool = new HikariDataSource(config);
            Scheduler scheduler = Scheduler.create(pool, task)
                    .threads(BenchSettings.WORKERS)
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .pollingInterval(DB_SCHEDULER_POLLING)
                    .enableImmediateExecution()
                    .build();
            scheduler.start();
            cluster.add(new Running(scheduler, pool));
        }
        return cluster;
    }

    /** A db-scheduler instance and its own pool, as a node of its would have. */
    private record Running(Scheduler scheduler, HikariDataSource pool) {
        void stop() {
            scheduler.stop();
            pool.close();
        }
    }

    private static Figure throughput(int tasks, Figure seconds) {
        return Figure.of("tasks/s", Arrays.stream(seconds.samples()).map(s -> tasks / s).toArray());
    }

    /** Drops every table of an earlier round; a Taskmill node migrates its own when it starts. */
    private StoreConfig emptyDatabase() {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
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

    private void createDbSchedulerTable() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(DB_SCHEDULER_TABLE);
        }
    }
}
