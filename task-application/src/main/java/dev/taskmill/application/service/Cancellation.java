package dev.taskmill.application.service;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskNotCancellableException;
import dev.taskmill.domain.TaskState;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cancel of one task, as a cancel of a task alone and of a group make it: the domain's rules
 * ({@code Task.cancel}), stored only if the task did not change meanwhile, else decided again;
 * then what the engine must be told.
 */
final class Cancellation {

    private static final System.Logger LOG = System.getLogger(Cancellation.class.getName());

    private final TaskRepository repository;
    private final EngineSignals engine;
    private final Clock clock;

    Cancellation(TaskRepository repository, EngineSignals engine, Clock clock) {
        this.repository = repository;
        this.engine = engine;
        this.clock = clock;
    }

    /**
     * Cancels {@code task} as read, reading it again with {@code reread} whenever it changed
     * before the cancel was stored (it may have started or ended). A task that has ended is left
     * as it is.
     *
     * @return the task as it was when cancelled, waiting or running; empty if it had ended or is gone
     * @throws TaskNotCancellableException if the task is running and its operation cannot be cancelled
     */
    Optional<Task> cancel(Caller caller, Task task, Supplier<Optional<Task>> reread) {
        Task current = task;
        while (true) {
            if (current.state().isTerminal()) {
                LOG.log(Level.INFO, "Task {0} was already complete ({1}); nothing to cancel", current.id(),
                        current.state().wireName());
                return Optional.empty();
            }
            Instant now = clock.instant();
            Task canceled = current.cancel(now);
            try {
                Task stored = StoreCalls.call(() -> repository.update(canceled));
                Audit.canceled(caller, current, now);
                engine.taskChanged(new TaskChange(TaskChange.Kind.ENDED, stored));
                return Optional.of(current);
            } catch (ConcurrentTaskUpdateException e) {
                Optional<Task> again = reread.get();
                if (again.isEmpty()) {
                    return Optional.empty();
                }
                current = again.get();
            }
        }
    }

    /**
     * Tells the engine about {@code canceled} (as they were when cancelled): to stop the
     * operations of those that ran, which keep their claims until their code returns; and to look
     * for work if a waiting one released its claims, which tasks behind it may have waited for.
     */
    void signal(List<Task> canceled) {
        boolean released = false;
        for (Task task : canceled) {
            if (task.state() == TaskState.RUNNING) {
                engine.stopOperation(task.id());
            } else {
                released = true;
            }
        }
        if (released) {
            engine.workMayBeRunnable();
        }
    }
}
