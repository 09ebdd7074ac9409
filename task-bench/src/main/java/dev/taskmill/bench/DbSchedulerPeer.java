package dev.taskmill.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * db-scheduler on the bench database, the baseline of {@link PostgresCluster}: as many
 * instances as Taskmill has nodes, each with as many threads and a pool of its own, polling
 * with lock-and-fetch besides its immediate execution.
 */
final class DbSchedulerPeer {

    static final Duration POLLING = Duration.ofMillis(250);
    private static final String TABLE = "CREATE TABLE scheduled_tasks (task_name text NOT NULL,"
            + " task_instance text NOT NULL, task_data bytea, execution_time timestamptz NOT NULL,"
            + " picked boolean NOT NULL, picked_by text, last_success timestamptz, last_failure timestamptz,"
            + " consecutive_failures int, last_heartbeat timestamptz, version bigint NOT NULL, priority smallint,"
            + " PRIMARY KEY (task_name, task_instance));"
            + " CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);"
            + " CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);"
            + " CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)";

    private final BenchDatabase database;

    DbSchedulerPeer(BenchDatabase database) {
        this.database = database;
    }

    /** Queues {@code tasks} through db-scheduler's client, then starts the schedulers and waits until all have run. */
    double queuedRound(int nodes, int tasks) throws Exception {
        database.empty();
        createTable();
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

    double round(int nodes, int tasks) throws Exception {
        database.empty();
        createTable();
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

    double latencyP99(int samples) throws Exception {
        database.empty();
        createTable();
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
                    .pollingInterval(POLLING)
                    .enableImmediateExecution()
                    .build();
            scheduler.start();
            cluster.add(new Running(scheduler, pool));
        }
        return cluster;
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.user());
        config.setPassword(database.password());
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

    private void createTable() throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(TABLE);
        }
    }
}
