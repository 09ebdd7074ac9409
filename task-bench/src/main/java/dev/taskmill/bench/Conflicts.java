package dev.taskmill.bench;

import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scenario 5: {@code update} calls queued on a few resources, each waiting for the one before
 * it, against as many calls on distinct resources; and the queued case at a tenth of the size,
 * to show that dispatch does not grow with the square of the queue.
 */
final class Conflicts implements Scenario {

    private static final int RESOURCES = 100;

    @Override
    public String id() {
        return "conflicts";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        int calls = settings.size(100_000, 20_000);
        int fewer = calls / 10;
        Repeat.log("%,d update calls over %d resources", calls, RESOURCES);
        Figure queued = Repeat.figure(settings, "s", () -> round(calls, RESOURCES));
        Repeat.log("%,d update calls on distinct resources", calls);
        Figure distinct = Repeat.figure(settings, "s", () -> round(calls, 0));
        Repeat.log("%,d update calls over %d resources", fewer, RESOURCES);
        // a round of a tenth of the calls is short enough for one hiccup of the machine to move it,
        // so it is repeated more often
        Figure queuedFewer = Repeat.figure(settings.warmups(), 3 * settings.repeats(), "s",
                () -> round(fewer, RESOURCES));
        return List.of(new ScenarioResult(id(), "Conflicts: update calls queued per resource",
                List.of(Comparison.of("throughput", String.format("%,d over %d resources", calls, RESOURCES),
                                throughput(calls, queued), String.format("%,d distinct resources", calls),
                                throughput(calls, distinct), Comparison.Target.atLeast(0.5, ">= 0.5x distinct")),
                        Comparison.of("total time", String.format("%,d calls", calls), queued,
                                String.format("%,d calls", fewer), queuedFewer,
                                Comparison.Target.atMost(12, "<= 12x the time of a tenth as many"))),
                Map.of(),
                List.of(String.format("%,d queued per resource at the full size; every call claims one resource "
                        + "with update and carries two tags", calls / RESOURCES))));
    }

    /** Seconds from the first submission until every task has finished. */
    private static double round(int calls, int resources) throws InterruptedException {
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.start()) {
            Tag bench = Tag.of("bench:conflicts");
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                String resource = resources == 0 ? "d-" + i : "q-" + i % resources;
                taskmill.submitNoOp(resource, ResourceOperation.UPDATE, bench, Tag.of("batch:" + i / 1000));
            }
            taskmill.awaitIdle(Duration.ofMinutes(10));
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static Figure throughput(int calls, Figure seconds) {
        return Figure.of("tasks/s", Arrays.stream(seconds.samples()).map(s -> calls / s).toArray());
    }
}
