package dev.taskmill.bench;

import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 7b: many clients following the stream of task events ({@code GET /v2/events/})
 * while tasks run at a steady rate: how long after a task's end its {@code ended} event reaches
 * every client, and what following costs the engine's throughput.
 *
 * <p>The clients run in this JVM beside the server, on one JDK {@link HttpClient} with a fixed
 * executor of {@value #CLIENT_THREADS} threads, and share its 2 cores.
 */
final class EventsFanout implements Scenario {

    private static final int SUBSCRIBERS = 200;
    private static final int CALLS_PER_SECOND = 1_000;
    private static final int CLIENT_THREADS = 2;
    /** A second, smaller fan-out, without a target: where the delay comes from. */
    private static final int FEW_SUBSCRIBERS = 20;

    private Duration drain;

    @Override
    public String id() {
        return "events-fanout";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        Duration length = Duration.ofSeconds(settings.size(10, 2));
        // how long after the last task's end an ended event may still come; those that do not are errors
        drain = Duration.ofSeconds(settings.size(10, 3));
        int calls = settings.size(50_000, 10_000);
        ThreadPoolExecutor clientThreads = new ThreadPoolExecutor(CLIENT_THREADS, CLIENT_THREADS, 0,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "bench-events-client");
                    thread.setDaemon(true);
                    return thread;
                });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try {
            Repeat.log("%d subscribers, %,d calls/s of %s for %d s a round", SUBSCRIBERS, CALLS_PER_SECOND,
                    TimedNoOpOperation.NAME, length.toSeconds());
            int rounds = settings.warmups() + settings.repeats();
            Latencies full = latencies(client, settings, length, SUBSCRIBERS);
            Repeat.log("the same with %d subscribers, for scale", FEW_SUBSCRIBERS);
            Latencies few = latencies(client, settings, length, FEW_SUBSCRIBERS);
            Repeat.log("engine throughput: %,d no-op calls, %d workers, without and with %d subscribers, alternating",
                    calls, BenchSettings.WORKERS, SUBSCRIBERS);
            double[] without = new double[settings.repeats()];
            double[] with = new double[settings.repeats()];
            double[] cutOff = new double[settings.repeats()];
            for (int r = 0; r < rounds; r++) {
                ThroughputRound alone = throughputRound(client, calls, 0);
                ThroughputRound followed = throughputRound(client, calls, SUBSCRIBERS);
                if (r < settings.warmups()) {
                    continue;
                }
                int i = r - settings.warmups();
                without[i] = alone.perSecond();
                with[i] = followed.perSecond();
                cutOff[i] = followed.cutOff();
                Repeat.log("without %,.0f tasks/s, with %,.0f tasks/s (%d of %d streams cut off by the server)",
                        without[i], with[i], followed.cutOff(), SUBSCRIBERS);
            }
            Map<String, Figure> figures = new LinkedHashMap<>();
            figures.put("p50_task_end_to_event", full.p50());
            figures.put("max_task_end_to_event", full.max());
            figures.put("p99_task_end_to_event_" + FEW_SUBSCRIBERS + "_subscribers", few.p99());
            figures.put("streams_cut_off_of_" + SUBSCRIBERS, full.cutOff());
            figures.put("streams_cut_off_in_throughput_rounds", Figure.of("streams", cutOff));
            figures.put("errors", Figure.of("events", full.missing()));
            return List.of(new ScenarioResult(id(), "Events fan-out: " + SUBSCRIBERS + " subscribers of /v2/events/"
                    + " while " + CALLS_PER_SECOND + " tasks a second run",
                    List.of(Comparison.of("p99 task end to ended event", "Taskmill", full.p99(), "budget",
                                    Figure.of("ms", 50), Comparison.Target.atMost(1.0, "p99 <= 50 ms")),
                            Comparison.of("engine throughput", "with " + SUBSCRIBERS + " subscribers",
                                    Figure.of("tasks/s", with), "without", Figure.of("tasks/s", without),
                                    Comparison.Target.atLeast(0.9, ">= 0.9x without subscribers"))),
                    figures,
                    List.of(SUBSCRIBERS + " unfiltered streams read by one JDK HttpClient (HTTP/1.1, "
                            + CLIENT_THREADS + " executor threads) in this JVM; " + CALLS_PER_SECOND + " calls/s of "
                            + TimedNoOpOperation.NAME + " for " + length.toSeconds() + " s a round, fresh streams"
                            + " each round; the delay is the ended event's arrival at a subscriber less the moment"
                            + " the task's operation returned (System.nanoTime), over every task and subscriber of a"
                            + " round, an ended event that did not come within " + drain.toSeconds() + " s of the"
                            + " last end counted as an error and, in the quantiles, as at least that long (a lower"
                            + " bound). Throughput: " + calls + " no-op calls (one claim and two tags) as fast as"
                            + " they can be submitted, until all are finished, on a fresh server each round, with"
                            + " the subscribers connected or none")));
        } finally {
            clientThreads.shutdownNow();
        }
    }

    private record Latencies(Figure p50, Figure p99, Figure max, Figure cutOff, long missing) {
    }

    /** Rounds of {@code subscribers} fresh streams each on one server, the settings' warm-ups and repeats. */
    private Latencies latencies(HttpClient client, BenchSettings settings, Duration length, int subscribers)
            throws Exception {
        double[] p99 = new double[settings.repeats()];
        double[] p50 = new double[settings.repeats()];
        double[] max = new double[settings.repeats()];
        double[] cutOff = new double[settings.repeats()];
        long missing = 0;
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.start()) {
            for (int r = 0; r < settings.warmups() + settings.repeats(); r++) {
                List<EventSubscriber> following = subscribe(client, taskmill, subscribers);
                LatencyRound round;
                ThreadCpu cpu = ThreadCpu.now();
                try {
                    round = latencyRound(taskmill, following, length);
                } finally {
                    following.forEach(EventSubscriber::close);
                }
                if (r < settings.warmups()) {
                    continue;
                }
                int i = r - settings.warmups();
                p50[i] = round.p50Millis();
                p99[i] = round.p99Millis();
                max[i] = round.maxMillis();
                missing += round.missing();
                cutOff[i] = round.cutOff();
                Repeat.log("%d subscribers, %,d tasks, %,d ended events: task end to event p50 %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms; %,d events missing %d s after the last end, %d streams cut off by the server",
                        subscribers, round.tasks(), round.events(), p50[i], p99[i], max[i], round.missing(),
                        drain.toSeconds(), round.cutOff());
                Repeat.log("CPU of this JVM's threads in the round: %s", cpu.since());
            }
        }
        return new Latencies(Figure.of("ms", p50), Figure.of("ms", p99), Figure.of("ms", max),
                Figure.of("streams", cutOff), missing);
    }

    private static List<EventSubscriber> subscribe(HttpClient client, EmbeddedTaskmill taskmill, int count)
            throws InterruptedException {
        URI events = taskmill.baseUri().resolve("v2/events/");
        List<EventSubscriber> subscribers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subscribers.add(EventSubscriber.open(client, events, TimedNoOpOperation.RETURNED));
        }
        for (EventSubscriber subscriber : subscribers) {
            subscriber.awaitOpen(Duration.ofSeconds(30));
        }
        return subscribers;
    }

    private record LatencyRound(int tasks, long events, double p50Millis, double p99Millis, double maxMillis,
            long missing, int cutOff) {
    }

    private LatencyRound latencyRound(EmbeddedTaskmill taskmill, List<EventSubscriber> subscribers,
            Duration length) throws InterruptedException {
        TimedNoOpOperation.RETURNED.clear();
        SubmitCallCommand call = new SubmitCallCommand(TimedNoOpOperation.NAME, Map.of(), List.of(), List.of(),
                Optional.empty());
        int submitted = 0;
        long start = System.nanoTime();
        for (long elapsed = 0; elapsed < length.toNanos(); elapsed = System.nanoTime() - start) {
            long due = elapsed * CALLS_PER_SECOND / 1_000_000_000L;
            for (; submitted < due; submitted++) {
                taskmill.submit(call);
            }
            Thread.sleep(1);
        }
        taskmill.awaitIdle(Duration.ofMinutes(1));
        long lastEnd = TimedNoOpOperation.RETURNED.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        // every subscriber has every ended event, or has had the drain time more to get it
        long deadline = System.nanoTime() + drain.toNanos();
        long missing;
        do {
            missing = 0;
            boolean more = false;
            for (EventSubscriber subscriber : subscribers) {
                long lacking = Math.max(0, submitted - subscriber.ended());
                missing += lacking;
                more |= lacking > 0 && !subscriber.closed();
            }
            if (!more) {
                break;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        long[][] perSubscriber = subscribers.stream().map(EventSubscriber::takeDelays).toArray(long[][]::new);
        int received = Arrays.stream(perSubscriber).mapToInt(d -> d.length).sum();
        double[] delays = Arrays.copyOf(Arrays.stream(perSubscriber).flatMapToLong(Arrays::stream)
                .mapToDouble(n -> n / 1e6).toArray(), received + (int) missing);
        // an event that never came took at least until now since the last task's end
        Arrays.fill(delays, received, delays.length, (System.nanoTime() - lastEnd) / 1e6);
        Arrays.sort(delays);
        return new LatencyRound(submitted, received, Figure.quantile(delays, 0.50), Figure.quantile(delays, 0.99),
                delays[delays.length - 1], missing, (int) subscribers.stream().filter(EventSubscriber::cutOff).count());
    }

    private record ThroughputRound(double perSecond, int cutOff) {
    }

    /** Submits {@code calls} no-ops as fast as it can with {@code subscribers} following, until all are finished. */
    private ThroughputRound throughputRound(HttpClient client, int calls, int subscribers) throws Exception {
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.start()) {
            List<EventSubscriber> following = subscribe(client, taskmill, subscribers);
            Tag bench = Tag.of("bench:fanout");
            ThreadCpu cpu = ThreadCpu.now();
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                taskmill.submitNoOp("r-" + i, ResourceOperation.UPDATE, bench, Tag.of("batch:" + i / 1000));
            }
            taskmill.awaitIdle(Duration.ofMinutes(5));
            double perSecond = calls / EngineThroughput.seconds(System.nanoTime() - start);
            Repeat.log("CPU of this JVM's threads while the calls ran (%d subscribers): %s", subscribers, cpu.since());
            // not timed: until every stream has every ended event or was cut off, or the drain time is over
            long deadline = System.nanoTime() + drain.toNanos();
            while (following.stream().anyMatch(s -> !s.closed() && s.ended() < calls) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int cutOff = (int) following.stream().filter(EventSubscriber::cutOff).count();
            following.forEach(EventSubscriber::close);
            return new ThroughputRound(perSecond, cutOff);
        }
    }
}
