package dev.taskmill.bench;

import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6b: a steady stream of calls with a short retention; the heap after the stream has
 * run a while must not have grown beyond the heap early on.
 */
final class Soak implements Scenario {

    private static final int CALLS_PER_SECOND = 2_000;
    private static final Duration RETENTION = Duration.ofSeconds(10);

    @Override
    public String id() {
        return "soak";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        Duration length = Duration.ofSeconds(settings.size(120, 24));
        Duration checkpoint = Duration.ofSeconds(settings.size(30, 12));
        Repeat.log("%d calls/s for %d s, retention %s", CALLS_PER_SECOND, length.toSeconds(), RETENTION);
        long early = -1;
        long submitted = 0;
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.start(RETENTION)) {
            Tag bench = Tag.of("bench:soak");
            long start = System.nanoTime();
            for (long elapsed = 0; elapsed < length.toNanos(); elapsed = System.nanoTime() - start) {
                long due = elapsed * CALLS_PER_SECOND / 1_000_000_000L;
                for (; submitted < due; submitted++) {
                    taskmill.submitNoOp("s-" + submitted, ResourceOperation.UPDATE, bench,
                            Tag.of("batch:" + submitted / 1000));
                }
                if (early < 0 && elapsed >= checkpoint.toNanos()) {
                    early = Heap.usedAfterGc();
                    Repeat.log("heap after GC at %d s: %.1f MiB", checkpoint.toSeconds(), early / 1048576.0);
                }
                Thread.sleep(5);
            }
            long late = Heap.usedAfterGc();
            Repeat.log("heap after GC at %d s: %.1f MiB", length.toSeconds(), late / 1048576.0);
            return List.of(new ScenarioResult(id(), "Soak: steady submissions with --retention PT10S",
                    List.of(Comparison.of("heap after GC", "at " + length.toSeconds() + " s",
                            Figure.of("MiB", late / 1048576.0), "at " + checkpoint.toSeconds() + " s",
                            Figure.of("MiB", early / 1048576.0),
                            Comparison.Target.atMost(1.10, "<= 1.10x the early heap"))),
                    Map.of("calls", Figure.of("calls", submitted)),
                    List.of(CALLS_PER_SECOND + " calls/s, each one claim and two tags; the store keeps about "
                            + CALLS_PER_SECOND * RETENTION.toSeconds() + " finished tasks")));
        }
    }
}
