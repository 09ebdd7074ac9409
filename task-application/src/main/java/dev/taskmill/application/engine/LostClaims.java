package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskState;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the tasks the store says this node claimed but no worker here holds: a claim stored
 * whose answer was lost on the way (the connection broke after the commit). No operation ever
 * ran for them here, so a running one goes back to waiting, to run again (told as
 * {@code requeued}, as the feed tells every change); one a client cancelled meanwhile releases
 * its claims.
 *
 * <p>Runs on the engine's timer. A task counts as lost only when two sweeps in a row find it
 * unheld and unchanged, with no claim that was on its way at the first still on its way at
 * the second ({@link ClaimedTasks#lostSince}): a claim whose answer is merely slow is never
 * taken for lost.
 */
final class LostClaims implements Runnable {

    private static final System.Logger LOG = System.getLogger(LostClaims.class.getName());
    /** How often the store is asked, in milliseconds. */
    static final long PERIOD_MILLIS = 10_000;

    private final TaskRepository repository;
    private final ClaimedTasks claimed;
    private final Runnable workMayBeRunnable;
    private final Consumer<TaskChange> stored;
    private ClaimedTasks.Unheld previous;

    /** @param stored told each task that went back to waiting, as stored */
    LostClaims(TaskRepository repository, ClaimedTasks claimed, Runnable workMayBeRunnable,
            Consumer<TaskChange> stored) {
        this.repository = repository;
        this.claimed = claimed;
        this.workMayBeRunnable = workMayBeRunnable;
        this.stored = stored;
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (RuntimeException e) {
            previous = null; // the store is out of reach: start again next time
            LOG.log(Level.DEBUG, "Could not look for lost claims: " + e.getMessage());
        }
    }

    /** One sweep; returns how many tasks went back to waiting or released their claims. */
    int sweep() {
        List<Task> running = repository.findClaimedHere();
        int returned = 0;
        if (previous != null) {
            for (Task lost : claimed.lostSince(previous, running)) {
                try {
                    boolean stillRunning = lost.state() == TaskState.RUNNING;
                    Task written = repository.update(stillRunning ? lost.returnToWaiting() : lost.releaseClaims());
                    if (stillRunning) {
                        stored.accept(new TaskChange(TaskChange.Kind.REQUEUED, written));
                    }
                    returned++;
                    LOG.log(Level.WARNING, "Task {0} was claimed here but no worker got it (the answer of its"
                            + " claim was lost); " + (stillRunning ? "it waits to run again" : "its claims are released"),
                            lost.id());
                } catch (ConcurrentTaskUpdateException e) {
                    // it changed meanwhile (a cancel, the node watch): that change stands
                }
            }
        }
        previous = claimed.unheld(running); // what went back to waiting is no longer unchanged
        if (returned > 0) {
            workMayBeRunnable.run();
        }
        return returned;
    }
}
