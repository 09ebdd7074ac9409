package dev.taskmill.bench;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import dev.taskmill.adapter.postgres.PostgresStore;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 7: Taskmill on PostgreSQL with 1, 2 and 4 nodes against db-scheduler (lock-and-fetch
 * polling, immediate execution) with as many schedulers on the same database, each node with
 * the same number of worker threads.
 *
 * <ul>
 *   <li>Claim and complete: the no-op tasks are queued in the database first, each through its
 *       system's own client (Taskmill's store, db-scheduler's {@code SchedulerClient}); the
 *       nodes then start and run them all. The rate counts from the first run to the last, so
 *       the nodes' start-up is not in it. Target: 1.2x db-scheduler at every number of nodes.
 *   <li>Submit and run, the path every user takes: the tasks are submitted round-robin from one
 *       thread to running nodes, timed until all have run. Targets: 1x db-scheduler at every
 *       number of nodes, and more nodes no slower than one.
 *   <li>The submit-to-start latency on an idle two-node cluster.
 * </ul>
 *
 * <p>The database is {@code TASKMILL_BENCH_DB_URL}, {@code _USER} and {@code _PASSWORD};
 * {@code bench/run.sh} starts a throwaway one.
 */
final class PostgresCluster implements Scenario {

    private static final int[] NODES = {1, 2, 4};
    private final BenchDatabase database = BenchDatabase.fromEnvironment();
    private final DbSchedulerPeer peer = new DbSchedulerPeer(database);

    @Override
    public String id() {
        return "postgres";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        database.require();
        int tasks = settings.size(4_000, 1_000);
        List<Comparison> comparisons = new ArrayList<>();
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (int nodes : NODES) {
            Repeat.log("%,d queued no-op tasks claimed and completed by %d Taskmill node(s)", tasks, nodes);
            Figure taskmill = Repeat.figure(settings, "tasks/s", () -> taskmillQueuedRound(nodes, tasks));
            Repeat.log("%,d queued no-op tasks claimed and completed by %d db-scheduler instance(s)", tasks, nodes);
            Figure dbScheduler = Repeat.figure(settings, "tasks/s", () -> peer.queuedRound(nodes, tasks));
            comparisons.add(Comparison.of("claim and complete", nodes + " Taskmill node(s)", taskmill,
                    nodes + " db-scheduler instance(s)", dbScheduler,
                    Comparison.Target.atLeast(1.2, ">= 1.2x db-scheduler")));
        }
        Map<Integer, Figure> submitAndRun = new LinkedHashMap<>();
        for (int nodes : NODES) {
            Repeat.log("%,d no-op tasks submitted to and run by %d Taskmill node(s)", tasks, nodes);
            Figure taskmill = throughput(tasks, Repeat.figure(settings, "s", () -> taskmillRound(nodes, tasks)));
            Repeat.log("%,d no-op tasks submitted to and run by %d db-scheduler instance(s)", tasks, nodes);
            Figure dbScheduler = throughput(tasks, Repeat.figure(settings, "s", () -> peer.round(nodes, tasks)));
            submitAndRun.put(nodes, taskmill);
            comparisons.add(Comparison.of("submit and run", nodes + " Taskmill node(s)", taskmill,
                    nodes + " db-scheduler instance(s)", dbScheduler,
                    Comparison.Target.atLeast(1.0, ">= 1x db-scheduler")));
        }
        int most = NODES[NODES.length - 1];
        comparisons.add(Comparison.of("submit and run", most + " Taskmill nodes", submitAndRun.get(most),
                "1 Taskmill node", submitAndRun.get(1), Comparison.Target.atLeast(1.0, ">= 1x one node")));
        int samples = settings.size(400, 100);
        Repeat.log("submit-to-start latency, %d tasks one at a time, 2 idle Taskmill nodes", samples);
        Figure taskmillP99 = Repeat.figure(settings, "ms", () -> taskmillLatencyP99(samples));
        Repeat.log("submit-to-start latency, %d tasks one at a time, 2 idle db-scheduler instances", samples);
        Figure dbSchedulerP99 = Repeat.figure(settings, "ms", () -> peer.latencyP99(samples));
        comparisons.add(Comparison.of("start latency p99", "2 Taskmill nodes", taskmillP99, "the 20 ms target",
                Figure.of("ms", 20), Comparison.Target.atMost(1.0, "<= 20 ms")));
        figures.put("db-scheduler start latency p99", dbSchedulerP99);
        return List.of(new ScenarioResult(id(), "PostgreSQL: nodes sharing one database, against db-scheduler",
                comparisons, figures, List.of(String.format("%,d tasks a round; claim and complete: queued"
                        + " before the nodes start, the rate from the first run to the last; submit and run:"
                        + " submitted round-robin from one thread to running nodes; %d workers (threads) per"
                        + " node; db-scheduler polls every %d ms besides its immediate execution", tasks,
                        BenchSettings.WORKERS, DbSchedulerPeer.POLLING.toMillis()))));
    }

    /**
     * Starts the nodes, queues {@code tasks} through a store of its own, which no engine
     * works from, tells the idle nodes of the work and waits until all have run.
     */
    private double taskmillQueuedRound(int nodes, int tasks) throws Exception {
        StoreConfig store = database.empty();
        List<EmbeddedTaskmill> cluster = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            cluster.add(EmbeddedTaskmill.start(Duration.ofHours(24), store));
        }
        // opened after the nodes, it sees them alive at once, and tells them of the work
        try (PostgresStore queue = PostgresStore.open(database.url(), database.user(), database.password(), 2, Duration.ofSeconds(30), Clock.systemUTC())) {
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

    private double taskmillRound(int nodes, int tasks) throws Exception {
        StoreConfig store = database.empty();
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

    private double taskmillLatencyP99(int samples) throws Exception {
        StoreConfig store = database.empty();
        try (EmbeddedTaskmill first = EmbeddedTaskmill.start(Duration.ofHours(24), store);
                EmbeddedTaskmill second = EmbeddedTaskmill.start(Duration.ofHours(24), store)) {
            Tag bench = Tag.of("bench:latency");
            double[] millis = new double[samples];
            NoOpOperation.STARTS.drainPermits();
            for (int i = 0; i < samples; i++) {
                EmbeddedTaskmill node = i % 2 == 0 ? first : second;
                // as db-scheduler's: from just before the submission to the operation's start
                long before = System.nanoTime();
                Task submitted = node.submitNoOp("l-" + i, ResourceOperation.UPDATE, bench, bench);
                if (!NoOpOperation.STARTS.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("A task did not start within 10 s");
                }
                millis[i] = (NoOpOperation.lastStartNanos() - before) / 1e6;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (node.current(submitted).state() != TaskState.FINISHED) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("A task did not finish within 10 s");
                    }
                    Thread.sleep(1);
                }
            }
            Arrays.sort(millis);
            return Figure.quantile(millis, 0.99);
        }
    }

    private static Figure throughput(int tasks, Figure seconds) {
        return Figure.of("tasks/s", Arrays.stream(seconds.samples()).map(s -> tasks / s).toArray());
    }
}
