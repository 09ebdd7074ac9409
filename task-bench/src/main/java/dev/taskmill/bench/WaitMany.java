package dev.taskmill.bench;

import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.domain.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Scenario 7a: many clients waiting for running tasks' ends with {@code GET .../?wait=60} at
 * once. The server must hold no thread per wait, and answer each soon after its task ended.
 *
 * <p>The server runs in this JVM, so its threads are counted with the client's: the client (a
 * JDK {@link HttpClient} on a fixed executor of {@value #CLIENT_THREADS} threads, and its
 * selector thread) and the sampler have started before the first count. On 2 cores the JDK's
 * client still starts a short-lived thread per answer (its completion goes to
 * {@code CompletableFuture}'s default executor, a thread per task when the common pool has one
 * thread), so the sampler tells the threads started meanwhile apart by what they run.
 */
final class WaitMany implements Scenario {

    /** The HTTP client's executor, and the sampler of thread names. */
    private static final int CLIENT_THREADS = 3;
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
        double[] jvmGrowth = new double[settings.repeats()];
        double[] p50 = new double[settings.repeats()];
        double[] p99 = new double[settings.repeats()];
        double[] max = new double[settings.repeats()];
        double[] registered = new double[settings.repeats()];
        long errors = 0;
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.withWorkers(waits)) {
            for (int r = 0; r < rounds; r++) {
                Round round = round(taskmill, client, clientThreads, waits);
                if (r < settings.warmups()) {
                    continue;
                }
                int i = r - settings.warmups();
                double[] sorted = round.delaysMillis().clone();
                Arrays.sort(sorted);
                growth[i] = round.threadGrowth();
                jvmGrowth[i] = round.jvmThreadGrowth();
                p50[i] = Figure.quantile(sorted, 0.50);
                p99[i] = Figure.quantile(sorted, 0.99);
                max[i] = sorted[sorted.length - 1];
                registered[i] = round.registered();
                errors += round.errors();
                Repeat.log("threads %d before, +%d of the server's at the peak (+%d in all); %d waits held; answer"
                        + " after the end p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d errors", round.threadsBefore(),
                        round.threadGrowth(), round.jvmThreadGrowth(), round.registered(), p50[i], p99[i], max[i],
                        round.errors());
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
                figures(p50, max, jvmGrowth, registered, errors),
                List.of(waits + " tasks of bench-gate on " + waits + " workers, all running; one ?wait="
                        + WAIT_SECONDS + " each from a JDK HttpClient (HTTP/1.1, a connection each, a fixed executor"
                        + " of " + CLIENT_THREADS + " threads, one of them the sampler); the gates open one every "
                        + OPEN_EVERY_NANOS / 1_000_000 + " ms once the server holds every wait. Thread growth: the"
                        + " most threads alive at once, sampled every ms from just before the requests until every"
                        + " answer came, of those started meanwhile that run no code of the JDK's HTTP client (which"
                        + " starts a short-lived thread per answer on 2 cores) or of this scenario; with the client's,"
                        + " the JVM's peak thread count (ThreadMXBean) less the count before. Delay: the answer's"
                        + " arrival at the client less the moment the task's operation returned (System.nanoTime)")));
    }

    private static Map<String, Figure> figures(double[] p50, double[] max, double[] jvmGrowth, double[] registered,
            long errors) {
        Map<String, Figure> figures = new LinkedHashMap<>();
        figures.put("p50_task_end_to_answer", Figure.of("ms", p50));
        figures.put("max_task_end_to_answer", Figure.of("ms", max));
        figures.put("jvm_thread_growth_with_client", Figure.of("threads", jvmGrowth));
        figures.put("waits_held", Figure.of("waits", registered));
        figures.put("errors", Figure.of("requests", errors));
        return figures;
    }

    private record Round(int threadsBefore, int threadGrowth, int jvmThreadGrowth, int registered,
            double[] delaysMillis, long errors) {
    }

    private static Round round(EmbeddedTaskmill taskmill, HttpClient client, ExecutorService samplerThreads,
            int waits) throws Exception {
        GateOperation.Gates gates = GateOperation.newRound(waits);
        List<Task> tasks = new ArrayList<>(waits);
        for (int i = 0; i < waits; i++) {
            tasks.add(taskmill.submit(new SubmitCallCommand(GateOperation.NAME, Map.of("gate", i), List.of(),
                    List.of(), Optional.empty())));
        }
        gates.awaitRunning(60);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        Set<Long> present = Arrays.stream(threads.getAllThreadIds()).boxed().collect(Collectors.toSet());
        // every ms: the threads started since, the client's told apart by what they run
        Map<Long, Boolean> clientsByThread = new ConcurrentHashMap<>();
        Map<String, Integer> serverThreadNames = new ConcurrentHashMap<>();
        AtomicInteger serverPeak = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        CountDownLatch sampled = new CountDownLatch(1);
        samplerThreads.execute(() -> {
            while (sampling.get()) {
                int server = 0;
                for (long id : threads.getAllThreadIds()) {
                    if (present.contains(id)) {
                        continue;
                    }
                    Boolean clients = clientsByThread.get(id);
                    if (clients == null) {
                        ThreadInfo info = threads.getThreadInfo(id, 64);
                        if (info != null && info.getStackTrace().length > 0) {
                            clients = Arrays.stream(info.getStackTrace())
                                    .anyMatch(frame -> frame.getClassName().startsWith("jdk.internal.net.http.")
                                            || frame.getClassName().startsWith(WaitMany.class.getName()));
                            clientsByThread.put(id, clients);
                            if (!clients) {
                                serverThreadNames.merge(info.getThreadName().replaceAll("[0-9]+", "N"), 1,
                                        Integer::sum);
                            }
                        }
                    }
                    if (clients == null || !clients) {
                        server++; // one not yet running anything counts as the server's: an upper bound
                    }
                }
                serverPeak.accumulateAndGet(server, Math::max);
                LockSupport.parkNanos(1_000_000);
            }
            sampled.countDown();
        });
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
        sampling.set(false);
        sampled.await();
        long clientThreads = clientsByThread.values().stream().filter(Boolean::booleanValue).count();
        if (!serverThreadNames.isEmpty() || clientThreads > 0) {
            Repeat.log("threads started while waiting: %d of the HTTP client's (the JDK's per answer), the rest %s",
                    clientThreads, serverThreadNames);
        }
        taskmill.awaitIdle(Duration.ofMinutes(1));
        double[] delays = new double[waits];
        synchronized (arrivals) {
            for (int i = 0; i < waits; i++) {
                delays[i] = (arrivals[i] - gates.returnedNanos(i)) / 1e6;
            }
        }
        return new Round(before, serverPeak.get(), growth, registered, delays, errors.get());
    }
}
