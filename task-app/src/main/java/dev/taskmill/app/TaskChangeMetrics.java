package dev.taskmill.app;

import dev.taskmill.application.port.out.TaskChangeListener;
import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The tasks' meters, from the changes this node stored (each change is told on the node that
 * stored it, so that summing over the nodes counts each once):
 * {@code taskmill_tasks_submitted_total} by {@code operation} and {@code response},
 * {@code taskmill_tasks_ended_total} by {@code operation} and {@code state}, and two
 * histograms by {@code operation}: {@code taskmill_tasks_wait_seconds} (submitted to started)
 * and {@code taskmill_tasks_run_seconds} (started to ended, for tasks that started).
 *
 * <p>The operations are those of the catalogue (a call to an unknown one is refused before it
 * is stored), so the labels stay bounded; never a task's id or tags. Each operation's meters
 * are found in one map lookup and an array, registered when first needed.
 */
final class TaskChangeMetrics implements TaskChangeListener {

    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofHours(1)};
    private static final Duration HISTOGRAM_MAX = Duration.ofHours(24);

    private final MeterRegistry registry;
    private final Map<String, OperationMeters> byOperation = new ConcurrentHashMap<>();

    TaskChangeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void taskChanged(TaskChange change) {
        Task task = change.task();
        OperationMeters meters = byOperation.get(task.operation());
        if (meters == null) {
            meters = byOperation.computeIfAbsent(task.operation(), OperationMeters::new);
        }
        switch (change.kind()) {
            case SUBMITTED -> meters.submitted(task.response()).increment();
            case STARTED -> {
                if (task.startTime() != null) {
                    meters.wait.record(positive(Duration.between(task.submitTime(), task.startTime())));
                }
            }
            case ENDED -> {
                meters.ended(task.state()).increment();
                if (task.startTime() != null && task.finishTime() != null) {
                    meters.run.record(positive(Duration.between(task.startTime(), task.finishTime())));
                }
            }
            default -> {
                // progress and requeues change no count
            }
        }
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** One operation's meters. */
    private final class OperationMeters {
        private final String operation;
        private final Timer wait;
        private final Timer run;
        private final AtomicReferenceArray<Counter> submitted = new AtomicReferenceArray<>(CallResponse.values().length);
        private final AtomicReferenceArray<Counter> ended = new AtomicReferenceArray<>(TaskState.values().length);

        OperationMeters(String operation) {
            this.operation = operation;
            this.wait = Timer.builder("taskmill.tasks.wait")
                    .description("How long tasks waited, from their submission to their start")
                    .tag("operation", operation).serviceLevelObjectives(BUCKETS).maximumExpectedValue(HISTOGRAM_MAX)
                    .register(registry);
            this.run = Timer.builder("taskmill.tasks.run")
                    .description("How long tasks ran, from their start to their end")
                    .tag("operation", operation).serviceLevelObjectives(BUCKETS).maximumExpectedValue(HISTOGRAM_MAX)
                    .register(registry);
        }

        Counter submitted(CallResponse response) {
            Counter counter = submitted.get(response.ordinal());
            if (counter == null) {
                counter = Counter.builder("taskmill.tasks.submitted").description("Calls admitted as tasks")
                        .tags("operation", operation, "response", response.wireName()).register(registry);
                submitted.set(response.ordinal(), counter);
            }
            return counter;
        }

        Counter ended(TaskState state) {
            Counter counter = ended.get(state.ordinal());
            if (counter == null) {
                counter = Counter.builder("taskmill.tasks.ended").description("Tasks that ended, by how")
                        .tags("operation", operation, "state", state.wireName()).register(registry);
                ended.set(state.ordinal(), counter);
            }
            return counter;
        }
    }
}
