package dev.taskmill.app.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.adapter.memory.InMemoryTaskRepository;
import dev.taskmill.application.port.out.DelegatingTaskRepository;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.service.CancelTaskService;
import dev.taskmill.application.engine.EngineSettings;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.service.SubmitCallService;
import dev.taskmill.application.engine.TaskEngine;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.ConflictOutcome;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import dev.taskmill.testing.Eventually;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many threads submit conflicting and independent calls and cancel some at random; the
 * invariants of the engine must hold afterwards.
 */
class ConcurrentSubmitAndCancelTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 150;
    private static final List<String> SHARED_RESOURCES = List.of("r0", "r1", "r2", "r3");

    private final RecordingOperation recording = new RecordingOperation();
    private final ObservingRepository repository = new ObservingRepository(new InMemoryTaskRepository());

    @Test
    void givenConcurrentSubmitsAndCancels_whenAllDone_thenEveryTaskEndedOnceWithoutConflictingOverlaps()
            throws Exception {
        OperationCatalog catalog = OperationCatalog.of(List.of(recording));
        OperationEnvironment environment = new OperationEnvironment(Path.of("."));
        Clock clock = Clock.systemUTC();
        TaskEngine engine = new TaskEngine(repository, catalog, environment, clock, new EngineSettings(4,
                Duration.ofHours(1), "taskmill-c0c0c0c0"));
        SubmitCallService submit = new SubmitCallService(repository, catalog, environment, engine, clock);
        CancelTaskService cancel = new CancelTaskService(repository, engine, clock);
        engine.start();
        List<Task> admitted = new CopyOnWriteArrayList<>();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger cancelAttempts = new AtomicInteger();

        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        try {
                            admitted.add(submit.submit(Caller.anonymous(), randomCall(random)));
                        } catch (CallRejectedException e) {
                            rejected.incrementAndGet();
                        }
                        if (random.nextInt(5) == 0 && !admitted.isEmpty()) {
                            cancelAttempts.incrementAndGet();
                            // a task that ended first stays as it ended
                            cancel.cancel(Caller.anonymous(), admitted.get(random.nextInt(admitted.size())).id());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }

            List<Task> finals = awaitAllReleased(admitted);

            assertThat(admitted.size() + rejected.get()).isEqualTo(THREADS * CALLS_PER_THREAD);
            assertThat(admitted).as("admitted calls").hasSizeGreaterThan(THREADS * CALLS_PER_THREAD / 10);
            assertThat(cancelAttempts.get()).isPositive();
            assertThat(repository.find(new TaskFilter(Set.of(), Set.of()), 0, 10_000))
                    .as("rejected calls stored nothing").hasSize(admitted.size());
            assertEveryTaskEndedExactlyOnce(finals);
            assertNoConflictingTasksOverlapped(finals);
            assertThat(finals).extracting(Task::state).contains(TaskState.FINISHED, TaskState.CANCELED);
        } finally {
            clients.shutdownNow();
            engine.shutdown(Duration.ofSeconds(5));
        }
    }

    private static SubmitCallCommand randomCall(ThreadLocalRandom random) {
        List<ResourceClaim> claims = new ArrayList<>();
        if (random.nextInt(4) != 0) {
            String resource = SHARED_RESOURCES.get(random.nextInt(SHARED_RESOURCES.size()));
            claims.add(new ResourceClaim("repository", resource, randomOperation(random)));
        } else {
            claims.add(new ResourceClaim("repository", "own-" + TaskId.random(), ResourceOperation.UPDATE));
        }
        Map<String, Object> args = Map.of("hold_micros", random.nextInt(2_000));
        return new SubmitCallCommand("record", args, claims, List.of(), Optional.empty());
    }

    private static ResourceOperation randomOperation(ThreadLocalRandom random) {
        int roll = random.nextInt(20);
        if (roll < 10) {
            return ResourceOperation.UPDATE;
        }
        if (roll < 17) {
            return ResourceOperation.READ;
        }
        return roll < 19 ? ResourceOperation.DELETE : ResourceOperation.CREATE;
    }

    private List<Task> awaitAllReleased(List<Task> admitted) {
        List<Task> finals = new ArrayList<>();
        for (Task task : admitted) {
            finals.add(Eventually.await(Duration.ofSeconds(60), "task " + task.id() + " released its claims",
                    () -> repository.findById(task.id()).orElseThrow(), current -> !current.holdsClaims()));
        }
        return finals;
    }

    private void assertEveryTaskEndedExactlyOnce(List<Task> finals) {
        for (Task task : finals) {
            assertThat(task.state().isTerminal()).isTrue();
            assertThat(repository.terminalSnapshots(task.id()))
                    .as("terminal outcomes recorded for %s", task.id()).hasSize(1);
            int runs = recording.invocations(task.id());
            assertThat(runs).as("runs of %s", task.id()).isLessThanOrEqualTo(1);
            if (task.state() == TaskState.FINISHED) {
                assertThat(runs).isEqualTo(1);
            }
            if (task.startTime() == null) {
                assertThat(runs).as("a task cancelled while waiting never runs").isZero();
            }
        }
    }

    private void assertNoConflictingTasksOverlapped(List<Task> finals) {
        List<Task> ran = finals.stream().filter(task -> recording.interval(task.id()) != null)
                .sorted(Comparator.comparingLong(Task::position)).toList();
        for (int i = 0; i < ran.size(); i++) {
            for (int j = i + 1; j < ran.size(); j++) {
                Task earlier = ran.get(i);
                Task later = ran.get(j);
                if (conflict(earlier, later)) {
                    long[] first = recording.interval(earlier.id());
                    long[] second = recording.interval(later.id());
                    assertThat(second[0]).as("%s started before the conflicting earlier %s stopped", later.id(),
                            earlier.id()).isGreaterThanOrEqualTo(first[1]);
                }
            }
        }
    }

    private static boolean conflict(Task earlier, Task later) {
        for (ResourceClaim first : earlier.claims()) {
            for (ResourceClaim second : later.claims()) {
                if (first.key().equals(second.key())
                        && ConflictMatrix.outcome(first.operation(), second.operation()) != ConflictOutcome.ACCEPTED) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Records when each task's code ran; holds for a few microseconds, cooperatively. */
    static final class RecordingOperation implements Operation {
        private final Map<TaskId, long[]> intervals = new ConcurrentHashMap<>();
        private final Map<TaskId, AtomicInteger> invocations = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "record";
        }

        @Override
        public void validate(Map<String, Object> args, OperationEnvironment environment) {
        }

        @Override
        public Object run(OperationContext context) {
            invocations.computeIfAbsent(context.taskId(), id -> new AtomicInteger()).incrementAndGet();
            long start = System.nanoTime();
            long hold = ((Number) context.args().get("hold_micros")).longValue() * 1_000;
            while (System.nanoTime() - start < hold && !context.isStopRequested()) {
                Thread.onSpinWait();
            }
            intervals.put(context.taskId(), new long[] {start, System.nanoTime()});
            return Map.of("held_micros", hold / 1_000);
        }

        long[] interval(TaskId id) {
            return intervals.get(id);
        }

        int invocations(TaskId id) {
            AtomicInteger count = invocations.get(id);
            return count == null ? 0 : count.get();
        }
    }

    /** Passes everything to a repository and remembers every terminal outcome it stored. */
    static final class ObservingRepository extends DelegatingTaskRepository {
        private final Map<TaskId, Set<String>> terminal = new ConcurrentHashMap<>();

        ObservingRepository(TaskRepository delegate) {
            super(delegate);
        }

        Set<String> terminalSnapshots(TaskId id) {
            return terminal.getOrDefault(id, Set.of());
        }

        @Override
        public Task update(Task changed) {
            Task stored = super.update(changed);
            remember(stored);
            return stored;
        }

        @Override
        public Optional<Task> updateAndClaimNext(Task changed, Instant now, String worker) {
            Optional<Task> next = super.updateAndClaimNext(changed, now, worker);
            remember(changed); // stored, or it would have thrown
            return next;
        }

        private void remember(Task stored) {
            if (stored.state().isTerminal()) {
                terminal.computeIfAbsent(stored.id(), id -> ConcurrentHashMap.newKeySet())
                        .add(stored.state().wireName() + "@" + stored.finishTime());
            }
        }
    }
}
