package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks: a bounded pool of workers takes runnable tasks from the repository, runs their
 * operations and records how they ended. This class holds the workers' loop and the engine's
 * lifecycle; {@link Executions} knows what runs here, {@link TaskCompletion} writes to the
 * store, {@link TimeLimits} and {@link RetentionSweep} run on the engine's one timer thread,
 * {@link ClusterReceiver} hears the other nodes and {@link RunContext} is what an operation gets.
 *
 * <p>Workers are woken by events, not by a polling timer. "Work may be runnable" has one
 * route, {@link #workMayBeRunnable}: the use cases call it after a submission or the cancel of
 * a waiting task, a worker calls it when it took a task (there may be more) or, while the
 * engine stops, released claims without taking the next; it wakes one idle worker here and
 * tells the other nodes. What the other nodes (or the store itself) announce wakes a worker
 * here only ({@link ClusterReceiver}).
 */
public final class TaskEngine implements EngineSignals, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TaskEngine.class.getName());
    private static final long IDLE_RECHECK_MILLIS = 60_000;
    private static final long ERROR_BACKOFF_MILLIS = 1_000;

    private final TaskRepository repository;
    private final OperationCatalog operations;
    private final OperationEnvironment environment;
    private final Clock clock;
    private final EngineSettings settings;
    private final ClusterSignals signals;
    private final TaskCompletion completion;
    private final WakeSignal wakeSignal = new WakeSignal();
    private final Executions executions = new Executions();
    private final TimeLimits timeLimits;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final RetentionSweep retention;

    public TaskEngine(TaskRepository repository, OperationCatalog operations, OperationEnvironment environment,
            Clock clock, EngineSettings settings) {
        this(repository, operations, environment, clock, settings, ClusterSignals.NONE);
    }

    /** An engine on a store other nodes share, which it tells of new work and cancels through {@code signals}. */
    public TaskEngine(TaskRepository repository, OperationCatalog operations, OperationEnvironment environment,
            Clock clock, EngineSettings settings, ClusterSignals signals) {
        this.repository = repository;
        this.operations = operations;
        this.environment = environment;
        this.clock = clock;
        this.settings = settings;
        this.signals = signals;
        this.completion = new TaskCompletion(repository, clock);
        this.workers = Executors.newFixedThreadPool(settings.workers(), namedThreads("taskmill-worker-"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, namedThreads("taskmill-timer-"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
        this.timeLimits = new TimeLimits(timer, completion, executions, clock);
        this.retention = new RetentionSweep(repository, clock, settings.retention());
    }

    /** Starts the workers, listens to the other nodes, and starts the timer's sweeps. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("The engine has already been started");
        }
        for (int i = 0; i < settings.workers(); i++) {
            workers.execute(this::work);
        }
        signals.subscribe(new ClusterReceiver(wakeSignal, executions));
        long sweepMillis = retention.periodMillis();
        timer.scheduleWithFixedDelay(retention, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(executions::forgetUnmatchedStops, Executions.UNMATCHED_STOP_MILLIS,
                Executions.UNMATCHED_STOP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void workMayBeRunnable() {
        wakeSignal.signal();
        try {
            signals.announceWork();
        } catch (RuntimeException e) {
            // the other nodes look for work on their own now and then
            LOG.log(Level.WARNING, "Could not tell the other nodes of new work: " + e.getMessage());
        }
    }

    @Override
    public void stopOperation(TaskId taskId) {
        if (!executions.stop(taskId, Execution.StopReason.CANCELED)) {
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
        executions.stopAll(Execution.StopReason.SHUTDOWN);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "{0} operations did not stop within {1}", executions.count(), grace);
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
                    workMayBeRunnable(); // there may be more: pass the wake-up on
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
        Execution execution = executions.register(task.id());
        if (stopped.get()) {
            execution.stop(Execution.StopReason.SHUTDOWN); // claimed as the engine began to stop
        }
        ScheduledFuture<?> timeLimit = task.timeLimit().map(limit -> timeLimits.schedule(task.id(), limit))
                .orElse(null);
        Outcome outcome;
        try {
            if (execution.isStopRequested()) {
                outcome = Outcome.returned(null); // stopped before it began: nothing ran
            } else {
                outcome = Outcome.returned(operation.get().run(
                        new RunContext(task, execution, environment, completion)));
            }
        } catch (Throwable e) {
            outcome = Outcome.threw(e);
        } finally {
            execution.finish();
            executions.remove(execution);
            if (timeLimit != null) {
                timeLimit.cancel(false);
            }
            Thread.interrupted();
        }
        return finish(task, outcome, execution.stopReason());
    }

    private Continuation finish(Task claimed, Outcome outcome, Execution.StopReason stopReason) {
        boolean claimNext = !stopped.get();
        long seen = wakeSignal.generation();
        Optional<Task> next = completion.complete(claimed, outcome, stopReason, claimNext);
        if (!claimNext) {
            workMayBeRunnable(); // its claims are released and nobody here takes what they held back
        }
        return new Continuation(next, seen);
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
