package dev.taskmill.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.taskmill.adapter.postgres.PostgresStore;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSubmission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
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
 * the same number of worker threads.
 *
 * <ul>
 *   <li>Claim and complete, the target: the no-op tasks are queued in the database first, each
 *       through its system's own client (Taskmill's store, db-scheduler's
 *       {@code SchedulerClient}); the nodes then start and run them all. The rate counts from
 *       the first run to the last, so the nodes' start-up is not in it.
 *   <li>Submit and run: the tasks are submitted round-robin from one thread to running nodes,
 *       timed until all have run; reported beside, without a target.
 *   <li>The submit-to-start latency on an idle two-node cluster.
 * </ul>
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
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (int nodes : NODES) {
            Repeat.log("%,d queued no-op tasks claimed and completed by %d Taskmill node(s)", tasks, nodes);
            Figure taskmill = Repeat.figure(settings, "tasks/s", () -> taskmillQueuedRound(nodes, tasks));
            Repeat.log("%,d queued no-op tasks claimed and completed by %d db-scheduler instance(s)", tasks, nodes);
            Figure dbScheduler = Repeat.figure(settings, "tasks/s", () -> dbSchedulerQueuedRound(nodes, tasks));
            comparisons.add(Comparison.of("claim and complete", nodes + " Taskmill node(s)", taskmill,
                    nodes + " db-scheduler instance(s)", dbScheduler,
                    Comparison.Target.atLeast(1.0, ">= 1x db-scheduler")));
        }
        for (int nodes : NODES) {
            Repeat.log("%,d no-op tasks submitted to and run by %d Taskmill node(s)", tasks, nodes);
            figures.put("submit and run, " + nodes + " Taskmill node(s)",
                    throughput(tasks, Repeat.figure(settings, "s", () -> taskmillRound(nodes, tasks))));
            Repeat.log("%,d no-op tasks submitted to and run by %d db-scheduler instance(s)", tasks, nodes);
            figures.put("submit and run, " + nodes + " db-scheduler instance(s)",
                    throughput(tasks, Repeat.figure(settings, "s", () -> dbSchedulerRound(nodes, tasks))));
        }
        int samples = settings.size(400, 100);
        Repeat.log("submit-to-start latency, %d tasks one at a time, 2 idle Taskmill nodes", samples);
        Figure taskmillP99 = Repeat.figure(settings, "ms", () -> taskmillLatencyP99(samples));
        Repeat.log("submit-to-start latency, %d tasks one at a time, 2 idle db-scheduler instances", samples);
        Figure dbSchedulerP99 = Repeat.figure(settings, "ms", () -> dbSchedulerLatencyP99(samples));
        comparisons.add(Comparison.of("start latency p99", "2 Taskmill nodes", taskmillP99, "the 20 ms target",
                Figure.of("ms", 20), Comparison.Target.atMost(1.0, "<= 20 ms")));
        figures.put("db-scheduler start latency p99", dbSchedulerP99);
        return List.of(new ScenarioResult(id(), "PostgreSQL: nodes sharing one database, against db-scheduler",
                comparisons, figures, List.of(String.format("%,d tasks a round; claim and complete: queued"
                        + " before the nodes start, the rate from the first run to the last; submit and run:"
                        + " submitted round-robin from one thread to running nodes; %d workers (threads) per"
                        + " node; db-scheduler polls every %d ms besides its immediate execution", tasks,
                        BenchSettings.WORKERS, DB_SCHEDULER_POLLING.toMillis()))));
    }

    /**
     * Starts the nodes, queues {@code tasks} through a store of its own, which no engine
     * works from, tells the idle nodes of the work and waits until all have run.
     */
    private double taskmillQueuedRound(int nodes, int tasks) throws Exception {
        StoreConfig store = emptyDatabase();
        List<EmbeddedTaskmill> cluster = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            cluster.add(EmbeddedTaskmill.start(Duration.ofHours(24), store));
        }
        // opened after the nodes, it sees them alive at once, and tells them of the work
        try (PostgresStore queue = PostgresStore.open(url, user, password, 2, Duration.ofSeconds(30), Clock.systemUTC())) {
            List<Tag> tags = List.of(Tag.of("bench:postgres"));
            for (int i = 0; i < tasks; i++) {
                queue.repository().admit(TaskSubmission.of(TaskId.random(), NoOpOperation.NAME, Map.of(),
                        List.of(new ResourceClaim(EmbeddedTaskmill.RESOURCE_TYPE, "q-" + i, ResourceOperation.UPDATE)),
                        tags, true, null, Instant.now(), null));
            }
            NoOpOperation.RUNS.clear();
            queue.signals().announceWork();
            NoOpOperation.RUNS.await(tasks, Duration.ofMinutes(10));
            return NoOpOperation.RUNS.perSecond();
        } finally {
            cluster.forEach(EmbeddedTaskmill::close);
        }
    }

    /** Queues {@code tasks} through db-scheduler's client, then starts the schedulers and waits until all have run. */
    private double dbSchedulerQueuedRound(int nodes, int tasks) throws Exception {
        emptyDatabase();
        createDbSchedulerTable();
        RunLog runs = new RunLog();
        OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> runs.ran());
        try (HikariDataSource pool = pool()) {
            SchedulerClient client = SchedulerClient.Builder.create(pool, noop).build();
            Instant now = Instant.now();
            for (int i = 0; i < tasks; i++) {
                client.scheduleIfNotExists(noop.instance("q-" + i), now);
            }
        }
        List<Running> cluster = startDbSchedulers(nodes, noop);
        try {
            runs.await(tasks, Duration.ofMinutes(10));
            return runs.perSecond();
        } finally {
            cluster.forEach(Running::stop);
        }
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
            HikariDataSource pool = pool();
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

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(BenchSettings.WORKERS + 8);
        return new HikariDataSource(config);
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
