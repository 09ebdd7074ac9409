package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.util.Map;

/** What the engine gives an operation for one run of one task. */
final class RunContext implements OperationContext {

    private final Task task;
    private final Execution execution;
    private final OperationEnvironment environment;
    private final TaskCompletion completion;

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

    @Override
    public void reportProgress(Map<String, ?> progress) {
        if (!execution.isStopRequested()) {
            completion.changeIfRunning(task.id(), current -> current.reportProgress(progress));
        }
    }

    @Override
    public boolean isStopRequested() {
        return execution.isStopRequested();
    }
}
