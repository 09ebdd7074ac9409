package dev.taskmill.bench;

import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.domain.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 7a: many clients waiting for running tasks' ends with {@code GET .../?wait=60} at
 * once. The server must hold no thread per wait, and answer each soon after its task ended.
 *
 * <p>The server runs in this JVM, so its threads are counted with the client's: the client (a
 * JDK {@link HttpClient} on a fixed executor of {@value #CLIENT_THREADS} threads, and its
 * selector thread) and the sampler have started before the first count, and start no more, so
 * the growth is the server's.
 */
final class WaitMany implements Scenario {

    private static final int CLIENT_THREADS = 2;
    /** Between one gate opening and the next: the tasks end one by one, not all at the same instant. */
    private static final long OPEN_EVERY_NANOS = 2_000_000;
    private static final int WAIT_SECONDS = 60;

    @Override
    public String id() {
        return "wait-many";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        int waits = 1_000;
        Repeat.log("%,d gated tasks running on %,d workers, a ?wait=%d request for each, the tasks ending one every"
                + " %d ms", waits, waits, WAIT_SECONDS, OPEN_EVERY_NANOS / 1_000_000);
        ThreadPoolExecutor clientThreads = new ThreadPoolExecutor(CLIENT_THREADS, CLIENT_THREADS, 0,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "bench-wait-client");
                    thread.setDaemon(true);
                    return thread;
                });
        clientThreads.prestartAllCoreThreads(); // started before any count
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
        int rounds = settings.warmups() + settings.repeats();
        double[] growth = new double[settings.repeats()];
        double[] p50 = new double[settings.repeats()];
        double[] p99 = new double[settings.repeats()];
        double[] max = new double[settings.repeats()];
        double[] registered = new double[settings.repeats()];
        long errors = 0;
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.withWorkers(waits)) {
            for (int r = 0; r < rounds; r++) {
                Round round = round(taskmill, client, waits);
                if (r < settings.warmups()) {
                    continue;
                }
                int i = r - settings.warmups();
                double[] sorted = round.delaysMillis().clone();
                Arrays.sort(sorted);
                growth[i] = round.threadGrowth();
                p50[i] = Figure.quantile(sorted, 0.50);
                p99[i] = Figure.quantile(sorted, 0.99);
                max[i] = sorted[sorted.length - 1];
                registered[i] = round.registered();
                errors += round.errors();
                Repeat.log("threads %d before, +%d at the peak; %d waits held; answer after the end p50 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms; %d errors", round.threadsBefore(), round.threadGrowth(),
                        round.registered(), p50[i], p99[i], max[i], round.errors());
            }
        } finally {
            clientThreads.shutdownNow();
        }
        return List.of(new ScenarioResult(id(), "Wait many: " + waits + " concurrent ?wait=" + WAIT_SECONDS
                + " requests on running tasks",
                List.of(Comparison.of("thread growth", "Taskmill", Figure.of("threads", growth), "budget",
                                Figure.of("threads", 20), Comparison.Target.atMost(1.0, "<= 20 more threads")),
                        Comparison.of("p99 task end to answer", "Taskmill", Figure.of("ms", p99), "budget",
                                Figure.of("ms", 100), Comparison.Target.atMost(1.0, "p99 <= 100 ms"))),
                figures(p50, max, registered, errors),
                List.of(waits + " tasks of bench-gate on " + waits + " workers, all running; one ?wait=" + WAIT_SECONDS
                        + " each from a JDK HttpClient (HTTP/1.1, a connection each, " + CLIENT_THREADS
                        + " executor threads); the gates open one every " + OPEN_EVERY_NANOS / 1_000_000
                        + " ms once the server holds every wait. Thread growth: this JVM's peak thread count"
                        + " (ThreadMXBean) from just before the requests until every answer came, less the count"
                        + " before; the client's threads had all started by then. Delay: the answer's arrival at the"
                        + " client less the moment the task's operation returned (System.nanoTime)")));
    }

    private static Map<String, Figure> figures(double[] p50, double[] max, double[] registered, long errors) {
        Map<String, Figure> figures = new LinkedHashMap<>();
        figures.put("p50_task_end_to_answer", Figure.of("ms", p50));
        figures.put("max_task_end_to_answer", Figure.of("ms", max));
        figures.put("waits_held", Figure.of("waits", registered));
        figures.put("errors", Figure.of("requests", errors));
        return figures;
    }

    private record Round(int threadsBefore, int threadGrowth, int registered, double[] delaysMillis, long errors) {
    }

    private static Round round(EmbeddedTaskmill taskmill, HttpClient client, int waits) throws Exception {
        GateOperation.Gates gates = GateOperation.newRound(waits);
        List<Task> tasks = new ArrayList<>(waits);
        for (int i = 0; i < waits; i++) {
            tasks.add(taskmill.submit(new SubmitCallCommand(GateOperation.NAME, Map.of("gate", i), List.of(),
                    List.of(), Optional.empty())));
        }
        gates.awaitRunning(60);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        java.util.Set<Long> present = java.util.Arrays.stream(threads.getAllThreadIds()).boxed()
                .collect(java.util.stream.Collectors.toSet());
        threads.resetPeakThreadCount();
        long[] arrivals = new long[waits];
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> answers = new ArrayList<>(waits);
        for (int i = 0; i < waits; i++) {
            int gate = i;
            URI uri = taskmill.baseUri().resolve("v2/tasks/" + tasks.get(i).id() + "/?wait=" + WAIT_SECONDS);
            answers.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(WAIT_SECONDS + 30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                        long now = System.nanoTime();
                        synchronized (arrivals) {
                            arrivals[gate] = now;
                        }
                        if (failure != null || response.statusCode() != 200
                                || !response.body().contains("\"state\":\"finished\"")) {
                            errors.incrementAndGet();
                        }
                    }));
        }
        // every wait held before the first task ends
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (taskmill.waitCount() < waits && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        int registered = taskmill.waitCount();
        if (registered < waits) {
            errors.addAndGet(waits - registered);
        }
        long start = System.nanoTime();
        for (int i = 0; i < waits; i++) {
            long due = start + i * OPEN_EVERY_NANOS;
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
            }
            gates.open(i);
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).handle((done, failure) -> null)
                .get(WAIT_SECONDS + 60, TimeUnit.SECONDS);
        int growth = threads.getPeakThreadCount() - before;
        List<String> started = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null && !present.contains(info.getThreadId()))
                .map(java.lang.management.ThreadInfo::getThreadName).toList();
        if (!started.isEmpty()) {
            Repeat.log("threads started during the waits and still alive: %s", started);
        }
        taskmill.awaitIdle(Duration.ofMinutes(1));
        double[] delays = new double[waits];
        synchronized (arrivals) {
            for (int i = 0; i < waits; i++) {
                delays[i] = (arrivals[i] - gates.returnedNanos(i)) / 1e6;
            }
        }
        return new Round(before, growth, registered, delays, errors.get());
    }
}
