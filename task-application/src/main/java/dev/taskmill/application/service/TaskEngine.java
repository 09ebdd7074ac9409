package dev.taskmill.application.service;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.JsonValues;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Runs tasks: a bounded pool of workers takes runnable tasks from the repository, runs their
 * operations and records how they ended.
 *
 * <p>Workers are woken by events (a submission, released claims, a cancelled waiting task),
 * not by a polling timer. Time limits and retention run on one timer thread.
 */
public final class TaskEngine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TaskEngine.class.getName());
    private static final long IDLE_RECHECK_MILLIS = 60_000;
    private static final long ERROR_BACKOFF_MILLIS = 1_000;
    /** How long a stop waits for its task's execution; a claimed task registers it at once. */
    private static final long UNMATCHED_STOP_MILLIS = 60_000;

    private final TaskRepository repository;
    private final OperationCatalog operations;
    private final OperationEnvironment environment;
    private final Clock clock;
    private final EngineSettings settings;
    private final TaskCompletion completion;
    private final WakeSignal wakeSignal = new WakeSignal();
    private final ClusterSignals signals;
    private final ConcurrentMap<TaskId, Execution> executions = new ConcurrentHashMap<>();
    /**
     * Stops that found no execution here, by when they were asked for: a cancel may land
     * between a worker's claim and its registration of the execution, which then finds it.
     */
    private final Map<TaskId, Long> unmatchedStops = new HashMap<>();
    /** Guards {@link #unmatchedStops}, and the registrations of executions against it. */
    private final Object stopsLock = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    public TaskEngine(TaskRepository repository, OperationCatalog operations, OperationEnvironment environment,
            Clock clock, EngineSettings settings) {
        this(repository, operations, environment, clock, settings, ClusterSignals.NONE);
    }

    /** An engine on a store other nodes share, which it tells of new work and cancels through {@code signals}. */
    public TaskEngine(TaskRepository repository, OperationCatalog operations, OperationEnvironment environment,
            Clock clock, EngineSettings settings, ClusterSignals signals) {
        this.signals = signals;
        this.repository = repository;
        this.operations = operations;
        this.environment = environment;
        this.clock = clock;
        this.settings = settings;
        this.completion = new TaskCompletion(repository, clock);
        this.workers = Executors.newFixedThreadPool(settings.workers(), namedThreads("taskmill-worker-"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, namedThreads("taskmill-timer-"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
    }

    /** Starts the workers and the retention sweep. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("The engine has already been started");
        }
        for (int i = 0; i < settings.workers(); i++) {
            workers.execute(this::work);
        }
        signals.subscribe(new ClusterSignals.Receiver() {
            @Override
            public void workAnnounced() {
                wakeSignal.signal();
            }

            @Override
            public void stopAnnounced(TaskId taskId) {
                stop(taskId, Execution.StopReason.CANCELED);
            }
        });
        long sweepMillis = Math.max(1_000, Math.min(60_000, settings.retention().toMillis() / 10));
        timer.scheduleWithFixedDelay(this::removeExpired, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::forgetUnmatchedStops, UNMATCHED_STOP_MILLIS, UNMATCHED_STOP_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Tells idle workers that a task may have become runnable. */
    public void wake() {
        wakeSignal.signal();
        announceWork();
    }

    /** Tells the other nodes, if any, that a task may have become runnable. */
    private void announceWork() {
        try {
            signals.announceWork();
        } catch (RuntimeException e) {
            // the other nodes look for work on their own now and then
            LOG.log(Level.WARNING, "Could not tell the other nodes of new work: " + e.getMessage());
        }
    }

    /** Tells the operation of a running task to stop, because the task was cancelled. */
    public void requestStop(TaskId taskId) {
        if (!stop(taskId, Execution.StopReason.CANCELED)) {
            signals.announceStop(taskId); // it runs on another node
        }
    }

    /**
     * Stops taking tasks, tells running operations to stop and waits up to {@code grace} for
     * the workers to end. Tasks still running then are left to the interrupted threads.
     */
    public void shutdown(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        wakeSignal.close();
        executions.values().forEach(execution -> execution.stop(Execution.StopReason.SHUTDOWN));
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "{0} operations did not stop within {1}", executions.size(), grace);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private void work() {
        Optional<Task> next = Optional.empty();
        boolean look = true;
        long seen = wakeSignal.generation();
        while (next.isPresent() || !stopped.get()) {
            long idleMillis = IDLE_RECHECK_MILLIS;
            try {
                if (next.isEmpty() && look) {
                    seen = wakeSignal.generation();
                    next = repository.claimNextRunnable(clock.instant());
                }
                if (next.isPresent()) {
                    wakeSignal.signal(); // there may be more: pass the wake-up on to another worker
                    Task task = next.get();
                    next = Optional.empty();
                    Continuation after = run(task);
                    next = after.next();
                    // the completion looked for the next task already, as of seen
                    seen = after.seen();
                    look = false;
                    continue;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Worker failed to take or record a task", e);
                idleMillis = ERROR_BACKOFF_MILLIS;
            }
            try {
                if (!wakeSignal.awaitChange(seen, idleMillis)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            look = true;
        }
    }

    /** The task a worker claimed as it recorded the end of its last, and the wake-up generation before. */
    private record Continuation(Optional<Task> next, long seen) {
    }

    /** Runs the task's operation and records how it ended; returns the task claimed next, unless stopping. */
    private Continuation run(Task task) {
        Optional<Operation> operation = operations.find(task.operation());
        if (operation.isEmpty()) {
            return finish(task, Outcome.threw(new IllegalStateException(
                    "No operation named '" + task.operation() + "' is installed on this server")), null);
        }
        Execution execution = new Execution(task.id(), Thread.currentThread());
        boolean stoppedEarly;
        synchronized (stopsLock) {
            executions.put(task.id(), execution);
            stoppedEarly = unmatchedStops.remove(task.id()) != null;
        }
        if (stoppedEarly) {
            execution.stop(Execution.StopReason.CANCELED);
        } else if (stopped.get()) {
            execution.stop(Execution.StopReason.SHUTDOWN); // claimed as the engine began to stop
        }
        ScheduledFuture<?> timeLimit = task.timeLimit().map(limit -> scheduleTimeOut(task.id(), limit)).orElse(null);
        Outcome outcome;
        try {
            if (execution.isStopRequested()) {
                outcome = Outcome.returned(null); // cancelled before it began: the task is no longer running
            } else {
                outcome = Outcome.returned(operation.get().run(new Context(task, execution)));
            }
        } catch (Throwable e) {
            outcome = Outcome.threw(e);
        } finally {
            execution.finish();
            executions.remove(task.id());
            if (timeLimit != null) {
                timeLimit.cancel(false);
            }
            Thread.interrupted();
        }
        return finish(task, outcome, execution.stopReason());
    }

    private Continuation finish(Task claimed, Outcome outcome, Execution.StopReason stopReason) {
        Outcome recorded = stopReason == Execution.StopReason.SHUTDOWN
                ? Outcome.threw(new IllegalStateException("Taskmill stopped while the task was running"))
                : outcome;
        long seen = wakeSignal.generation();
        Optional<Task> next = completion.complete(claimed, recorded, !stopped.get());
        // this worker took its next task, and passes the wake-up on if it found one: only the
        // other nodes need telling that claims were released
        announceWork();
        return new Continuation(next, seen);
    }

    private ScheduledFuture<?> scheduleTimeOut(TaskId taskId, Duration limit) {
        try {
            return timer.schedule(() -> timeOut(taskId, limit), limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // shutting down: the operation is being told to stop anyway
        }
    }

    private void timeOut(TaskId taskId, Duration limit) {
        String exception = "TimeoutException: the task ran longer than its time limit of "
                + formatSeconds(limit) + " seconds";
        boolean timedOut = completion.changeIfRunning(taskId, task -> task.timeOut(exception, clock.instant()));
        if (timedOut) {
            stop(taskId, Execution.StopReason.TIMED_OUT);
        }
    }

    /**
     * Stops the task's operation if it runs here; returns whether it does. A stop that finds no
     * execution is kept a while for a worker that claimed the task and has yet to register it.
     */
    private boolean stop(TaskId taskId, Execution.StopReason reason) {
        Execution execution;
        synchronized (stopsLock) {
            execution = executions.get(taskId);
            if (execution == null) {
                unmatchedStops.put(taskId, System.nanoTime());
            }
        }
        if (execution != null) {
            execution.stop(reason);
        }
        return execution != null;
    }

    private void forgetUnmatchedStops() {
        long cutoff = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(UNMATCHED_STOP_MILLIS);
        synchronized (stopsLock) {
            unmatchedStops.values().removeIf(asked -> asked - cutoff < 0);
        }
    }

    private void removeExpired() {
        try {
            int removed = repository.removeFinishedBefore(clock.instant().minus(settings.retention()));
            if (removed > 0) {
                LOG.log(Level.DEBUG, "Removed {0} tasks past their retention", removed);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Removing expired tasks failed", e);
        }
    }

    private static String formatSeconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What an operation's task gets from the engine. */
    private final class Context implements OperationContext {

        private final Task task;
        private final Execution execution;

        Context(Task task, Execution execution) {
            this.task = task;
            this.execution = execution;
        }

        @Override
        public TaskId taskId() {
            return task.id();
        }

        @Override
        public Map<String, Object> args() {
            return task.args();
        }

        @Override
        public OperationEnvironment environment() {
            return environment;
        }

        @Override
        public void reportProgress(Map<String, ?> progress) {
            Map<String, Object> report = JsonValues.copyOfObject(progress, Task.MAX_PROGRESS_CHARS);
            if (!execution.isStopRequested()) {
                completion.changeIfRunning(task.id(), current -> current.reportProgress(report));
            }
        }

        @Override
        public boolean isStopRequested() {
            return execution.isStopRequested();
        }
    }

    /** Shared by the engine's changes of a task: re-read and retry when another change won. */
    static final class TaskCompletion {

        private final TaskRepository repository;
        private final Clock clock;
        private final CompletionBatcher completions;

        TaskCompletion(TaskRepository repository, Clock clock) {
            this.repository = repository;
            this.clock = clock;
            this.completions = new CompletionBatcher(repository, clock);
        }

        /** Applies {@code change} if the task is still running; returns whether it did. */
        boolean changeIfRunning(TaskId taskId, UnaryOperator<Task> change) {
            while (true) {
                Optional<Task> current = repository.findById(taskId);
                if (current.isEmpty() || current.get().state() != TaskState.RUNNING) {
                    return false;
                }
                try {
                    repository.update(change.apply(current.get()));
                    return true;
                } catch (ConcurrentTaskUpdateException e) {
                    // another change (a cancel, a progress report) won; look again
                }
            }
        }

        /**
         * Records the outcome if the task is still running (otherwise it was cancelled or timed
         * out and the outcome is discarded), releases the task's claims and, if
         * {@code claimNext}, claims the next runnable task in the same step. {@code claimed} is
         * the task as it was claimed, tried first: unless something changed it since, no read.
         *
         * @return the task claimed next
         */
        Optional<Task> complete(Task claimed, Outcome outcome, boolean claimNext) {
            Optional<Task> current = Optional.of(claimed);
            while (current.isPresent()) {
                Task next = current.get();
                if (next.state() == TaskState.RUNNING) {
                    next = outcome.applyTo(next, clock.instant());
                }
                if (!next.holdsClaims()) {
                    break;
                }
                try {
                    if (claimNext) {
                        return completions.updateAndClaimNext(next.releaseClaims());
                    }
                    repository.update(next.releaseClaims());
                    return Optional.empty();
                } catch (ConcurrentTaskUpdateException e) {
                    current = repository.findById(claimed.id()); // another change won; look again
                }
            }
            return claimNext ? repository.claimNextRunnable(clock.instant()) : Optional.empty();
        }
    }
}
