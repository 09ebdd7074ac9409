package dev.taskmill.application.service;

import dev.taskmill.application.port.in.CancelTaskUseCase;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;

/**
 * Applies the domain's cancel rules, then tells the engine: stop the operation, or look for
 * work. A task that has already ended is left as it is, and the cancel succeeds: Pulp 2
 * answers so, and its clients cancel tasks that may just have ended.
 */
public final class CancelTaskService implements CancelTaskUseCase {

    private static final System.Logger LOG = System.getLogger(CancelTaskService.class.getName());

    private final TaskRepository repository;
    private final EngineSignals engine;
    private final Clock clock;

    public CancelTaskService(TaskRepository repository, EngineSignals engine, Clock clock) {
        this.repository = repository;
        this.engine = engine;
        this.clock = clock;
    }

    @Override
    public void cancel(Caller caller, TaskId id) {
        while (true) {
            Task current = caller.access(Permission.DELETE, "cancel task " + id,
                    StoreCalls.call(() -> repository.findById(id)),
                    () -> new TaskNotFoundException(id.toString()));
            if (current.state().isTerminal()) {
                LOG.log(Level.INFO, "Task {0} was already complete ({1}); nothing to cancel", id,
                        current.state().wireName());
                return;
            }
            Instant now = clock.instant();
            Task canceled = current.cancel(now);
            try {
                StoreCalls.call(() -> repository.update(canceled));
            } catch (ConcurrentTaskUpdateException e) {
                continue; // the task changed meanwhile (it may have started or ended): decide again
            }
            Audit.canceled(caller, current, now);
            if (current.state() == TaskState.RUNNING) {
                engine.stopOperation(id);
            } else {
                engine.workMayBeRunnable(); // tasks that waited only for this one may run now
            }
            return;
        }
    }
}
