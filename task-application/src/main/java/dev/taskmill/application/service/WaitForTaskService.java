package dev.taskmill.application.service;

import dev.taskmill.application.port.in.ServiceUnavailableException;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.in.WaitForTaskUseCase;
import dev.taskmill.application.port.out.TaskFeed;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a task's end with no thread per wait: a wait is a future, a watch of the task's end
 * ({@link TaskFeed#watch}) and a timer entry. The task is read once for the caller's access, then
 * again after the watch is registered, so that an end between the two reads is not missed; then
 * whenever the engine says it may have ended, and once more when the wait is over. The reads and
 * the timer run on {@code scheduler}, a few threads the composition root gives, whatever the
 * number of waits.
 */
public final class WaitForTaskService implements WaitForTaskUseCase {

    private static final System.Logger LOG = System.getLogger(WaitForTaskService.class.getName());

    private final TaskRepository repository;
    private final TaskFeed feed;
    private final ScheduledExecutorService scheduler;
    /** The waits not answered yet, and the task each waits for. */
    private final Map<CompletableFuture<Task>, TaskId> pending = new ConcurrentHashMap<>();

    public WaitForTaskService(TaskRepository repository, TaskFeed feed, ScheduledExecutorService scheduler) {
        this.repository = repository;
        this.feed = feed;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<Task> waitForEnd(Caller caller, TaskId id, Duration wait) {
        if (!WaitForTaskUseCase.isValidWait(wait)) {
            throw new IllegalArgumentException(WAIT_RULE + ", not " + wait);
        }
        Task task = caller.access(Permission.READ, "read task " + id, read(id),
                () -> new TaskNotFoundException(id.toString()));
        if (task.state().isTerminal() || wait.isZero()) {
            return CompletableFuture.completedFuture(task);
        }
        CompletableFuture<Task> result = new CompletableFuture<>();
        TaskFeed.Subscription watch = feed.watch(id, () -> later(() -> answer(id, result, false)));
        ScheduledFuture<?> timeout;
        try {
            timeout = scheduler.schedule(() -> answer(id, result, true), wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            watch.cancel();
            throw new ServiceUnavailableException("The server is stopping; try again later");
        }
        pending.put(result, id);
        // whatever ends the wait (the end, the time, the caller's cancel, the server's stop) forgets it
        result.whenComplete((ended, failure) -> {
            watch.cancel();
            timeout.cancel(false);
            pending.remove(result);
        });
        answer(id, result, false); // it may have ended before the watch began
        return result;
    }

    /**
     * The server is stopping: every wait answers now, with its task as it is, so that the HTTP
     * server's graceful stop finds nothing waiting for long.
     */
    public void answerAllNow() {
        pending.forEach((result, id) -> later(() -> answer(id, result, true)));
    }

    /**
     * Reads the task again and answers if it has ended (or is gone), or in any case once the wait
     * is {@code over}. A store out of reach leaves a wait that is not over to the next signal or
     * its end, and fails one that is.
     */
    private void answer(TaskId id, CompletableFuture<Task> result, boolean over) {
        if (result.isDone()) {
            return;
        }
        try {
            Optional<Task> current = read(id);
            if (current.isEmpty()) {
                result.completeExceptionally(new TaskNotFoundException(id.toString()));
            } else if (over || current.get().state().isTerminal()) {
                result.complete(current.get());
            }
        } catch (RuntimeException e) {
            if (over) {
                result.completeExceptionally(e);
            } else {
                LOG.log(Level.DEBUG, "Could not read task {0} after a signal of its end: {1}", id, e.getMessage());
            }
        }
    }

    /** Runs {@code work} on the scheduler, off the engine's thread that signalled; dropped while stopping. */
    private void later(Runnable work) {
        try {
            scheduler.execute(work);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private Optional<Task> read(TaskId id) {
        return StoreCalls.call(() -> repository.findById(id));
    }
}
