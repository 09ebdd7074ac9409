package dev.taskmill.app;

import dev.taskmill.application.port.out.TaskLogContext;
import dev.taskmill.domain.TaskId;
import org.slf4j.MDC;

/** The engine's task context as SLF4J's MDC: {@code task_id} on every line a worker logs while it runs a task. */
final class MdcTaskLogContext implements TaskLogContext {

    /** The MDC key, and the JSON field of {@code --log-format json}. */
    static final String TASK_ID = "task_id";

    @Override
    public Scope enter(TaskId task) {
        MDC.put(TASK_ID, task.toString());
        return () -> MDC.remove(TASK_ID);
    }
}
