package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.TaskRepository;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;

/** Removes the tasks that ended longer than the retention ago; run now and then on the engine's timer. */
final class RetentionSweep implements Runnable {

    private static final System.Logger LOG = System.getLogger(RetentionSweep.class.getName());

    private final TaskRepository repository;
    private final Clock clock;
    private final Duration retention;

    RetentionSweep(TaskRepository repository, Clock clock, Duration retention) {
        this.repository = repository;
        this.clock = clock;
        this.retention = retention;
    }

    /** How often to sweep: a tenth of the retention, from a second to a minute. */
    long periodMillis() {
        return Math.max(1_000, Math.min(60_000, retention.toMillis() / 10));
    }

    @Override
    public void run() {
        try {
            int removed = repository.removeFinishedBefore(clock.instant().minus(retention));
            if (removed > 0) {
                LOG.log(Level.DEBUG, "Removed {0} tasks past their retention", removed);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Removing expired tasks failed", e);
        }
    }
}
