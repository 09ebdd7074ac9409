package dev.taskmill.bench;

import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 2: on an idle engine, the time from submitting a call to its operation starting,
 * one call at a time, against JobRunr measured the same way.
 */
final class StartLatency implements Scenario {

    @Override
    public String id() {
        return "start-latency";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        int calls = settings.size(2_000, 500);
        int peerCalls = settings.size(JobRunrPeer.LATENCY_CALLS, JobRunrPeer.QUICK_LATENCY_CALLS);
        Repeat.log("Taskmill: %,d sequential calls per round", calls);
        double[][] taskmillRounds = new double[settings.repeats()][];
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.start()) {
            latencies(taskmill, calls);
            for (int i = 0; i < settings.repeats(); i++) {
                taskmillRounds[i] = latencies(taskmill, calls);
            }
        }
        Repeat.log("JobRunr: %,d sequential jobs", peerCalls);
        double[] jobRunr;
        try (JobRunrPeer peer = JobRunrPeer.start(BenchSettings.WORKERS)) {
            peer.startLatencies(Math.min(5, peerCalls));
            jobRunr = Arrays.stream(peer.startLatencies(peerCalls)).mapToDouble(nanos -> nanos / 1e6).toArray();
        }
        Arrays.sort(jobRunr);
        Figure taskmillP99 = quantileOverRounds(taskmillRounds, 0.99);
        Figure taskmillP50 = quantileOverRounds(taskmillRounds, 0.50);
        Figure jobRunrP99 = Figure.of("ms", Figure.quantile(jobRunr, 0.99));
        Figure jobRunrP50 = Figure.of("ms", Figure.quantile(jobRunr, 0.50));
        return List.of(new ScenarioResult(id(), "Start latency: submit to operation start on an idle engine",
                List.of(Comparison.inverse("p99 start latency", "Taskmill", taskmillP99, "JobRunr", jobRunrP99,
                                Comparison.Target.atLeast(100, "JobRunr p99 / Taskmill p99 >= 100")),
                        Comparison.inverse("p50 start latency", "Taskmill", taskmillP50, "JobRunr", jobRunrP50,
                                Comparison.Target.atLeast(1, "no target (JobRunr p50 / Taskmill p50)"))),
                Map.of(),
                List.of(calls + " calls per Taskmill round, p50 and p99 per round; JobRunr " + peerCalls
                        + " jobs in one round, bounded by its poll interval (" + JobRunrPeer.POLL_INTERVAL + ")")));
    }

    /** Milliseconds from just before each submission to the operation's start. */
    private static double[] latencies(EmbeddedTaskmill taskmill, int calls) throws InterruptedException {
        Tag bench = Tag.of("bench:latency");
        Tag round = Tag.of("round:" + System.nanoTime());
        double[] millis = new double[calls];
        NoOpOperation.STARTS.drainPermits();
        for (int i = 0; i < calls; i++) {
            long before = System.nanoTime();
            Task task = taskmill.submitNoOp("latency-" + i, ResourceOperation.UPDATE, bench, round);
            if (!NoOpOperation.STARTS.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The no-op did not start within 10 s");
            }
            millis[i] = (NoOpOperation.lastStartNanos() - before) / 1e6;
            awaitFinished(taskmill, task);
        }
        return millis;
    }

    /** The next call then finds the workers idle again, as an idle engine's would. */
    private static void awaitFinished(EmbeddedTaskmill taskmill, Task task) throws InterruptedException {
        while (taskmill.current(task).state() != TaskState.FINISHED) {
            Thread.onSpinWait();
        }
        Thread.sleep(1);
    }

    private static Figure quantileOverRounds(double[][] rounds, double quantile) {
        double[] perRound = new double[rounds.length];
        for (int i = 0; i < rounds.length; i++) {
            double[] sorted = rounds[i].clone();
            Arrays.sort(sorted);
            perRound[i] = Figure.quantile(sorted, quantile);
        }
        return Figure.of("ms", perRound);
    }
}
