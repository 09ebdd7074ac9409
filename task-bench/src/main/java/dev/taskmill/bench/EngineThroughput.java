package dev.taskmill.bench;

import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1: no-op calls through the inbound port until all are finished, against a bare
 * {@link ThreadPoolExecutor} (the ceiling) and JobRunr (the peer), all with the same threads.
 */
final class EngineThroughput implements Scenario {

    private static final AtomicLong NO_OPS = new AtomicLong();

    @Override
    public String id() {
        return "engine-throughput";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        int calls = settings.size(200_000, 20_000);
        // JobRunr's in-memory store slows with the jobs it holds: 200,000 would take hours, so it
        // gets fewer, which flatters it
        int peerCalls = settings.size(JobRunrPeer.THROUGHPUT_CALLS, JobRunrPeer.QUICK_THROUGHPUT_CALLS);
        Repeat.log("Taskmill: %,d no-op calls, %d workers", calls, BenchSettings.WORKERS);
        Figure taskmill = Repeat.figure(settings, "tasks/s", () -> calls / seconds(taskmillRound(calls)));
        Repeat.log("bare executor: %,d no-op runnables", calls);
        Figure executor = Repeat.figure(settings, "tasks/s", () -> calls / seconds(executorRound(calls)));
        Repeat.log("JobRunr: %,d no-op jobs", peerCalls);
        Figure jobRunr;
        try (JobRunrPeer peer = JobRunrPeer.start(BenchSettings.WORKERS)) {
            // one warm-up round: JobRunr's rounds are long, and its first is the slow one
            jobRunr = Repeat.figure(1, settings.repeats(), "tasks/s",
                    () -> peerCalls / seconds(peer.runNoOps(peerCalls)));
        }
        double overheadMicros = (1 / taskmill.median() - 1 / executor.median()) * 1e6;
        return List.of(new ScenarioResult(id(), "Engine throughput: no-op calls, one claim and two tags each",
                List.of(
                        Comparison.of("throughput", "Taskmill", taskmill, "JobRunr", jobRunr,
                                Comparison.Target.atLeast(10, ">= 10x JobRunr")),
                        Comparison.of("throughput", "Taskmill", taskmill, "ThreadPoolExecutor", executor,
                                Comparison.Target.atLeast(0.10, ">= 0.10x bare executor"))),
                Map.of("overhead_per_task", Figure.of("us", overheadMicros)),
                List.of(calls + " Taskmill calls and executor runnables, " + peerCalls + " JobRunr jobs, "
                        + BenchSettings.WORKERS + " threads each; overhead per task is Taskmill's wall time per "
                        + "task minus the bare executor's, from the medians")));
    }

    /** Nanoseconds from the first submission until every task is finished. */
    private static long taskmillRound(int calls) throws InterruptedException {
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.start()) {
            Tag bench = Tag.of("bench:throughput");
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                taskmill.submitNoOp("r-" + i, ResourceOperation.UPDATE, bench, Tag.of("batch:" + i / 1000));
            }
            taskmill.awaitIdle(Duration.ofMinutes(5));
            return System.nanoTime() - start;
        }
    }

    private static long executorRound(int calls) throws InterruptedException {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(BenchSettings.WORKERS, BenchSettings.WORKERS, 0,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        try {
            CountDownLatch done = new CountDownLatch(calls);
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                executor.execute(() -> {
                    NO_OPS.incrementAndGet();
                    done.countDown();
                });
            }
            done.await();
            return System.nanoTime() - start;
        } finally {
            executor.shutdown();
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
