package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.TaskEndWatch;
import dev.taskmill.domain.TaskId;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who waits for which task's end here, and the one way they are told: an end written here
 * ({@link #endedHere}: told here and announced to the other nodes), an end another node
 * announced ({@link #endedElsewhere}), or the periodic {@link #sweep} that tells every watcher,
 * in case a signal was lost (a notification dropped while a node reconnected, an end a store
 * wrote without telling). Nothing here reads the store: a watcher reads
 * the task itself, on a thread of its own.
 */
final class TaskEnds implements TaskEndWatch {

    private static final System.Logger LOG = System.getLogger(TaskEnds.class.getName());
    /** How often every watcher is told anyway, in case a signal was lost. */
    static final long SWEEP_MILLIS = 10_000;

    private final ConcurrentMap<TaskId, List<Watcher>> watchers = new ConcurrentHashMap<>();
    private final ClusterSignals signals;

    TaskEnds(ClusterSignals signals) {
        this.signals = signals;
    }

    @Override
    public Watch watch(TaskId taskId, Runnable mayHaveEnded) {
        Watcher watcher = new Watcher(mayHaveEnded);
        watchers.compute(taskId, (id, list) -> {
            List<Watcher> registered = list == null ? new CopyOnWriteArrayList<>() : list;
            registered.add(watcher);
            return registered;
        });
        return () -> watchers.computeIfPresent(taskId, (id, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }

    /** Task {@code taskId} ended here (or may have): its watchers here are told, and the other nodes. */
    void endedHere(TaskId taskId) {
        tell(taskId);
        try {
            signals.announceEnd(taskId);
        } catch (RuntimeException e) {
            // their sweep tells their watchers soon enough
            LOG.log(Level.WARNING, "Could not tell the other nodes that task {0} ended: {1}", taskId, e.getMessage());
        }
    }

    /** Another node announced that task {@code taskId} ended: its watchers here are told. */
    void endedElsewhere(TaskId taskId) {
        tell(taskId);
    }

    /** Tells every watcher, in case a signal was lost. */
    void sweep() {
        watchers.keySet().forEach(this::tell);
    }

    /** How many registrations are not cancelled yet. */
    int count() {
        return watchers.values().stream().mapToInt(List::size).sum();
    }

    private void tell(TaskId taskId) {
        List<Watcher> registered = watchers.get(taskId);
        if (registered == null) {
            return;
        }
        for (Watcher watcher : registered) {
            try {
                watcher.mayHaveEnded().run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A watcher of task " + taskId + " failed", e);
            }
        }
    }

    /** One registration; its identity tells it from another of the same callback. */
    private static final class Watcher {

        private final Runnable mayHaveEnded;

        Watcher(Runnable mayHaveEnded) {
            this.mayHaveEnded = mayHaveEnded;
        }

        Runnable mayHaveEnded() {
            return mayHaveEnded;
        }
    }
}
