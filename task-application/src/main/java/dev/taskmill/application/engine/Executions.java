package dev.taskmill.application.engine;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The operations running on this node's workers, by task, and the stops asked for them.
 *
 * <p>A stop can arrive before the execution it is for: a cancel may land between a worker's
 * claim of the task and its registration of the execution. Such a stop is kept for
 * {@link #UNMATCHED_STOP_MILLIS}, and the registration finds it.
 */
final class Executions {

    /** How long a stop waits for its task's execution; a claimed task registers it at once. */
    static final long UNMATCHED_STOP_MILLIS = 60_000;

    private final ConcurrentMap<TaskId, Execution> running = new ConcurrentHashMap<>();
    /** Stops that found no execution, by when they were asked for ({@link System#nanoTime}); guarded by this. */
    private final Map<TaskId, Long> unmatchedStops = new HashMap<>();

    /** Registers the current thread's execution of {@code claimed}, stopped already if a stop waited for it. */
    Execution register(Task claimed) {
        TaskId taskId = claimed.id();
        Execution execution = new Execution(claimed, Thread.currentThread());
        boolean stoppedEarly;
        synchronized (this) {
            running.put(taskId, execution);
            stoppedEarly = unmatchedStops.remove(taskId) != null;
        }
        if (stoppedEarly) {
            execution.stop(Execution.StopReason.CANCELED);
        }
        return execution;
    }

    /** Forgets the execution once its operation has returned. */
    void remove(Execution execution) {
        running.remove(execution.claimed().id(), execution);
    }

    /**
     * Stops the task's operation if it runs here; returns whether it does. A stop that finds no
     * execution is kept a while for a worker that claimed the task and has yet to register it.
     */
    boolean stop(TaskId taskId, Execution.StopReason reason) {
        Execution execution;
        synchronized (this) {
            execution = running.get(taskId);
            if (execution == null) {
                unmatchedStops.put(taskId, System.nanoTime());
            }
        }
        if (execution != null) {
            execution.stop(reason);
        }
        return execution != null;
    }

    /** Stops every operation running here, for {@code reason}, which {@code detail} explains; returns how many. */
    int stopAll(Execution.StopReason reason, String detail) {
        List<Execution> all = List.copyOf(running.values());
        all.forEach(execution -> execution.stop(reason, detail));
        return all.size();
    }

    /** The executions running now. */
    List<Execution> all() {
        return List.copyOf(running.values());
    }

    int count() {
        return running.size();
    }

    /** Drops the stops kept longer than {@link #UNMATCHED_STOP_MILLIS}. */
    synchronized void forgetUnmatchedStops() {
        long cutoff = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(UNMATCHED_STOP_MILLIS);
        unmatchedStops.values().removeIf(asked -> asked - cutoff < 0);
    }
}
