package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.domain.NotJsonCompatibleException;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the engine gives an operation for one run of one task.
 *
 * <p>A progress report the store fails to take (it is out of reach) does not fail the
 * operation: the latest such report is kept and stored with the task's end, unless a later
 * report is stored first. After a failure the reports of the next {@value #RETRY_AFTER_MILLIS} ms
 * are only kept, so that an operation reporting often is not held up by a store that is away.
 */
final class RunContext implements OperationContext {

    private static final System.Logger LOG = System.getLogger(RunContext.class.getName());
    static final long RETRY_AFTER_MILLIS = 5_000;

    private final Task task;
    private final Execution execution;
    private final OperationEnvironment environment;
    private final TaskCompletion completion;
    /** The latest report the store did not take, checked and copied; null when none waits. */
    private volatile Map<String, Object> unsavedProgress;
    private boolean progressFailureLogged;
    /** Until when ({@link System#nanoTime}) reports are only kept, after the store failed one; 0 for none. */
    private long keepOnlyUntilNanos;

    RunContext(Task task, Execution execution, OperationEnvironment environment, TaskCompletion completion) {
        this.task = task;
        this.execution = execution;
        this.environment = environment;
        this.completion = completion;
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

    /**
     * @throws NotJsonCompatibleException if the report has no JSON form or is too long: the
     *         operation's own mistake, which it hears of at once
     */
    @Override
    public void reportProgress(Map<String, ?> progress) {
        if (execution.isStopRequested()) {
            return;
        }
        Map<String, Object> checked = task.reportProgress(progress).progress();
        if (keepOnlyUntilNanos != 0 && System.nanoTime() - keepOnlyUntilNanos < 0) {
            unsavedProgress = checked;
            return;
        }
        try {
            completion.changeIfRunning(task, current -> current.reportProgress(checked));
            unsavedProgress = null;
            keepOnlyUntilNanos = 0;
        } catch (RuntimeException e) {
            unsavedProgress = checked;
            keepOnlyUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_AFTER_MILLIS);
            if (!progressFailureLogged) {
                progressFailureLogged = true;
                LOG.log(Level.WARNING, "Could not store the progress of task {0}; the latest report will be"
                        + " stored with the next one or with the task''s end: {1}", task.id(), e.toString());
            }
        }
    }

    /** The latest progress report the store did not take, or null: to store with the task's end. */
    Map<String, Object> unsavedProgress() {
        return unsavedProgress;
    }

    @Override
    public boolean isStopRequested() {
        return execution.isStopRequested();
    }
}
