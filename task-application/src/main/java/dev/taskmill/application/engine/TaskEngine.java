package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.application.port.out.EngineStatus;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.port.out.StoreUnavailableException;
import dev.taskmill.application.port.out.TaskChangeListener;
import dev.taskmill.application.port.out.TaskFeed;
import dev.taskmill.application.port.out.TaskLogContext;
import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs tasks: a bounded pool of workers takes runnable tasks from the repository, runs their
 * operations and records how they ended. This class holds the workers' loop and the engine's
 * lifecycle; {@link Executions} knows what runs here, {@link TaskCompletion} writes to the
 * store, {@link TimeLimits} and {@link RetentionSweep} run on the engine's one timer thread,
 * {@link ClusterReceiver} hears the other nodes, {@link RunContext} is what an operation gets and
 * {@link TaskChanges} tells of every change of a task ({@link #feed}).
 *
 * <p>Workers are woken by events, not by a polling timer. A call submitted while a worker is
 * idle goes to that worker, started by its admission ({@link #admitOne}), or sends it to look.
 * Otherwise "work may be runnable" has one route, {@link #workMayBeRunnable} (or
 * {@link #oneTaskMayBeRunnable} for one call): after a submission that found no worker idle,
 * the cancel of a waiting task, by a worker when it took a task (there may be more) or, while
 * the engine stops, released claims without taking the next; it wakes one idle worker here and
 * tells the other nodes. What the other nodes (or the store itself) announce wakes a worker
 * here only ({@link ClusterReceiver}).
 */
public final class TaskEngine implements EngineSignals, EngineStatus, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TaskEngine.class.getName());
    private static final long IDLE_RECHECK_MILLIS = 60_000;
    private static final long ERROR_BACKOFF_MILLIS = 1_000;
    private static final long MAX_UNREACHABLE_BACKOFF_MILLIS = 5_000;
    /** How long stopped operations get to return, after the grace, before the engine gives up on them. */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);
    static final String SHUTDOWN_ERROR = "ShutdownError: the server stopped before the task ended, and its"
            + " operation is not safe to run again";

    private final TaskRepository repository;
    private final OperationCatalog operations;
    private final OperationEnvironment environment;
    private final Clock clock;
    private final EngineSettings settings;
    private final ClusterSignals signals;
    private final TaskLogContext logContext;
    private final TaskChanges changes;
    private final ClaimedTasks claimedTasks = new ClaimedTasks();
    private final TaskCompletion completion;
    private final WakeSignal wakeSignal = new WakeSignal();
    private final Executions executions = new Executions();
    /** Whether the workers found the store out of reach and have not reached it since. */
    private final AtomicBoolean storeUnreachable = new AtomicBoolean();
    private final TimeLimits timeLimits;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** How many workers' loops run: fewer than the workers if one died of an error nothing caught. */
    private final AtomicInteger workerLoops = new AtomicInteger();
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
        this(repository, operations, environment, clock, settings, signals, TaskLogContext.NONE);
    }

    /** An engine whose workers mark the lines they log while a task runs with its id ({@code logContext}). */
    public TaskEngine(TaskRepository repository, OperationCatalog operations, OperationEnvironment environment,
            Clock clock, EngineSettings settings, ClusterSignals signals, TaskLogContext logContext) {
        this(repository, operations, environment, clock, settings, signals, logContext, List.of());
    }

    /** An engine that tells {@code listeners} of each change of a task stored here. */
    public TaskEngine(TaskRepository repository, OperationCatalog operations, OperationEnvironment environment,
            Clock clock, EngineSettings settings, ClusterSignals signals, TaskLogContext logContext,
            List<TaskChangeListener> listeners) {
        this.logContext = logContext;
        this.changes = new TaskChanges(listeners, signals, repository);
        this.repository = repository;
        this.operations = operations;
        this.environment = environment;
        this.clock = clock;
        this.settings = settings;
        this.signals = signals;
        this.completion = new TaskCompletion(repository, claimedTasks, clock, changes::storedHere);
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
        for (int n = 1; n <= settings.workers(); n++) {
            String worker = settings.workerName(n);
            workers.execute(() -> work(worker));
        }
        signals.subscribe(new ClusterReceiver(wakeSignal, executions, changes));
        long sweepMillis = retention.periodMillis();
        timer.scheduleWithFixedDelay(retention, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(executions::forgetUnmatchedStops, Executions.UNMATCHED_STOP_MILLIS,
                Executions.UNMATCHED_STOP_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(changes::sweep, TaskChanges.SWEEP_MILLIS, TaskChanges.SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(new LostClaims(repository, claimedTasks, this::workMayBeRunnable, changes::storedHere),
                LostClaims.PERIOD_MILLIS, LostClaims.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void oneTaskMayBeRunnable() {
        wakeSignal.signalOne();
        announceWork();
    }

    @Override
    public void workMayBeRunnable() {
        wakeSignal.signal();
        announceWork();
    }

    private void announceWork() {
        try {
            signals.announceWork();
        } catch (RuntimeException e) {
            // the other nodes look for work on their own now and then
            LOG.log(Level.WARNING, "Could not tell the other nodes of new work: " + e.getMessage());
        }
    }

    @Override
    public List<Task> admit(List<TaskId> ids, java.util.function.Supplier<List<Task>> admit) {
        return changes.admit(ids, admit);
    }

    /**
     * Offers {@code admit} an idle worker, reserved for it: a task the store started by that
     * worker goes to it at once, which saves the store a claim and the worker a wake-up; a task
     * left waiting sends the worker to look for it. With no worker idle, as the port's default.
     */
    @Override
    public Task admitOne(TaskId id, Function<Optional<Start>, Task> admit) {
        WakeSignal.Sleeper worker = stopped.get() ? null : wakeSignal.reserveIdle();
        if (worker == null) {
            return EngineSignals.super.admitOne(id, admit);
        }
        Task[] started = new Task[1];
        Task admitted = null;
        try {
            admitted = changes.admit(List.of(id), () -> {
                Task[] stored = new Task[1];
                // a claim on its way, as far as lost claims go: the answer may not come back
                claimedTasks.claim(() -> {
                    stored[0] = admit.apply(Optional.of(new Start(clock.instant(), worker.worker())));
                    return stored[0].state() == TaskState.RUNNING ? Optional.of(stored[0]) : Optional.empty();
                });
                if (stored[0].state() == TaskState.RUNNING) {
                    started[0] = stored[0];
                    return List.of(stored[0].asAdmitted());
                }
                return List.of(stored[0]);
            }).get(0);
        } finally {
            // a reserved worker waits for this, even through the engine's shutdown
            if (admitted == null) {
                worker.release(); // nothing stored (a rejection): back to idle, without a look
            } else {
                worker.hand(started[0]);
            }
        }
        if (started[0] == null) {
            announceWork(); // the worker looks for it here, and so may the other nodes'
        }
        return admitted;
    }

    @Override
    public void taskChanged(TaskChange change) {
        changes.storedHere(change);
    }

    /** Every change of a task, stored here or on the other nodes, for the use cases that follow them. */
    public TaskFeed feed() {
        return changes;
    }

    @Override
    public boolean workersRunning() {
        return started.get() && workerLoops.get() == settings.workers();
    }

    @Override
    public boolean stopping() {
        return stopped.get();
    }

    @Override
    public void stopOperation(TaskId taskId) {
        if (!executions.stop(taskId, Execution.StopReason.CANCELED)) {
            signals.announceStop(taskId); // it runs on another node
        }
    }

    /**
     * Stops taking tasks and lets the running ones end within {@code grace}; then tells the
     * operations still running to stop and gives them {@link #STOP_WAIT} to return. A task
     * stopped so goes back to waiting if its operation is safe to run again (on a store other
     * nodes share, another node runs it), and ends in {@code error} otherwise; so does the task
     * of an operation that would not stop, recorded from here. Tasks claimed but not begun go
     * back to waiting.
     */
    public void shutdown(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        wakeSignal.close();
        workers.shutdown();
        int running = executions.count();
        if (running > 0) {
            LOG.log(Level.INFO, "Stopping: {0} tasks are running; they have {1} to end", running, grace);
        }
        if (!awaitWorkers(grace)) {
            int stopping = executions.stopAll(Execution.StopReason.SHUTDOWN, null);
            LOG.log(Level.WARNING, "{0} tasks were still running after the grace of {1}: stopping them", stopping,
                    grace);
            if (!awaitWorkers(STOP_WAIT)) {
                recordStuckExecutions();
                workers.shutdownNow();
            }
        }
        timer.shutdownNow();
        changes.close();
    }

    /** Records, from here, how the tasks of operations that would not stop end: nobody else will. */
    private void recordStuckExecutions() {
        for (Execution stuck : executions.all()) {
            Task claimed = stuck.claimed();
            LOG.log(Level.WARNING, "The operation of task {0} did not stop within {1}; recording its end", claimed.id(),
                    STOP_WAIT);
            try {
                Operation operation = operations.find(claimed.operation()).orElse(null);
                completion.completeOnce(claimed, endOf(claimed, operation, null, true, stuck, null));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Could not record the end of task {0}: {1}", claimed.id(), e.toString());
            }
        }
    }

    private boolean awaitWorkers(Duration wait) {
        try {
            return workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops at once: {@link #shutdown} with no grace. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /** The loop of the worker named {@code worker}: the tasks it claims are started by it. */
    private void work(String worker) {
        workerLoops.incrementAndGet();
        WakeSignal.Sleeper sleeper = wakeSignal.sleeper(worker);
        try {
            workLoop(worker, sleeper);
        } finally {
            wakeSignal.remove(sleeper);
            workerLoops.decrementAndGet();
        }
    }

    private void workLoop(String worker, WakeSignal.Sleeper sleeper) {
        Optional<Task> next = Optional.empty();
        boolean look = true;
        // whether the task in hand may not be the only runnable one: not so for a task handed over
        boolean mayBeMore = true;
        long seen = wakeSignal.generation();
        long unreachableBackoff = ERROR_BACKOFF_MILLIS / 2;
        while (next.isPresent() || !stopped.get()) {
            long idleMillis = IDLE_RECHECK_MILLIS;
            try {
                if (next.isEmpty() && look) {
                    long lookedBefore = seen;
                    seen = wakeSignal.generation();
                    next = claimedTasks.claim(() -> repository.claimNextRunnable(clock.instant(), worker));
                    storeReachable();
                    // woken for single calls only: each woke an idle worker of its own
                    mayBeMore = !wakeSignal.onlySingleSince(lookedBefore);
                }
                if (next.isPresent()) {
                    if (mayBeMore) {
                        workMayBeRunnable(); // there may be more: pass the wake-up on
                    }
                    Task task = next.get();
                    next = Optional.empty();
                    Continuation after;
                    try (TaskLogContext.Scope scope = logContext.enter(task.id())) {
                        after = run(task, worker);
                    }
                    next = after.next();
                    // the completion looked for the next task already, as of seen
                    seen = after.seen();
                    look = false;
                    // a task claimed with the last one's end may come of the claims that end released
                    mayBeMore = true;
                    unreachableBackoff = ERROR_BACKOFF_MILLIS / 2;
                    continue;
                }
            } catch (StoreUnavailableException e) {
                if (storeUnreachable.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "Workers cannot reach the store; they wait and try again: " + e.getMessage());
                }
                unreachableBackoff = Math.min(MAX_UNREACHABLE_BACKOFF_MILLIS, unreachableBackoff * 2);
                idleMillis = unreachableBackoff;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Worker failed to take a task", e);
                idleMillis = ERROR_BACKOFF_MILLIS;
            }
            try {
                WakeSignal.Wake wake = sleeper.await(seen, idleMillis);
                if (wake.handed() != null) {
                    next = Optional.of(wake.handed());
                    look = false;
                    mayBeMore = false;
                    continue;
                }
                if (wake.closed()) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            look = true;
            mayBeMore = true;
        }
    }

    /** The task a worker claimed as it recorded the end of its last, and the wake-up generation before. */
    private record Continuation(Optional<Task> next, long seen) {
    }

    private void storeReachable() {
        if (storeUnreachable.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "Workers reach the store again");
        }
    }

    /**
     * Runs the task's operation and records how it ended; returns the task {@code worker} claimed
     * next, unless stopping.
     */
    private Continuation run(Task task, String worker) {
        Optional<Operation> operation = operations.find(task.operation());
        if (operation.isEmpty()) {
            Outcome missing = Outcome.threw(new IllegalStateException(
                    "No operation named '" + task.operation() + "' is installed on this server"));
            return finish(task, running -> missing.applyTo(running, clock.instant()), false, worker);
        }
        changes.storedHere(new TaskChange(TaskChange.Kind.STARTED, task));
        Execution execution = executions.register(task);
        if (stopped.get()) {
            execution.stop(Execution.StopReason.SHUTDOWN); // claimed as the engine began to stop
        }
        ScheduledFuture<?> timeLimit = task.timeLimit().map(limit -> timeLimits.schedule(task, limit))
                .orElse(null);
        RunContext context = new RunContext(task, execution, environment, completion);
        Outcome outcome = null;
        boolean began = false;
        try {
            if (!execution.isStopRequested()) {
                began = true;
                LOG.log(Level.DEBUG, "Task {0} ({1}) runs on {2}", task.id(), task.operation(), worker);
                outcome = Outcome.returned(operation.get().run(context));
                LOG.log(Level.DEBUG, "Task {0}: its operation returned", task.id());
            }
        } catch (Throwable e) {
            LOG.log(Level.DEBUG, "Task {0}: its operation threw {1}", task.id(), e.getClass().getSimpleName());
            outcome = Outcome.threw(e);
        } finally {
            execution.finish();
            executions.remove(execution);
            if (timeLimit != null) {
                timeLimit.cancel(false);
            }
            Thread.interrupted();
        }
        return finish(task, endOf(task, operation.get(), outcome, began, execution, context.unsavedProgress()),
                execution.isStopRequested(), worker);
    }

    /**
     * What becomes of a run that ended with {@code outcome}, as a change of the task while it
     * still runs: a run stopped before it began, or by the server's shutdown when its operation
     * is safe to run again, goes back to waiting; a run stopped by the shutdown otherwise, or
     * because this node went unheard too long, ends in error; any other ends as its operation
     * did, with the progress it reported last.
     *
     * @param operation the task's operation, or null if none of that name is installed
     * @param unsavedProgress a progress report the store did not take, or null
     */
    private UnaryOperator<Task> endOf(Task claimed, Operation operation, Outcome outcome, boolean began,
            Execution execution, Map<String, Object> unsavedProgress) {
        if (!began) {
            return Task::returnToWaiting;
        }
        if (execution.stopReason() == Execution.StopReason.SHUTDOWN) {
            boolean restartable = operation != null && operation.isSafeToRestart(claimed.args());
            if (restartable) {
                return Task::returnToWaiting;
            }
            return running -> running.fail(ErrorCode.SERVER_STOPPED, SHUTDOWN_ERROR, null, clock.instant());
        }
        if (execution.stopReason() == Execution.StopReason.NODE_LAPSED) {
            String lost = "NodeLostError: this node " + execution.stopDetail();
            return running -> running.fail(ErrorCode.NODE_LOST, lost, null, clock.instant());
        }
        return running -> outcome.applyTo(unsavedProgress == null ? running : running.reportProgress(unsavedProgress),
                clock.instant());
    }

    private Continuation finish(Task claimed, UnaryOperator<Task> end, boolean readFirst, String worker) {
        changes.runEnded(claimed.id());
        boolean claimNext = !stopped.get();
        long seen = wakeSignal.generation();
        Optional<Task> next = completion.complete(claimed, end, readFirst, claimNext ? worker : null);
        if (!claimNext) {
            workMayBeRunnable(); // its claims are released and nobody here takes what they held back
        }
        return new Continuation(next, seen);
    }

    /** How many waits for a task's end ({@link TaskFeed#watch}) are registered here. */
    public int waitCount() {
        return changes.waitCount();
    }

    /** Daemon threads named {@code prefix} and a number. */
    public static ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
