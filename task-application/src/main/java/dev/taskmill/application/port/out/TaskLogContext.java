package dev.taskmill.application.port.out;

import dev.taskmill.domain.TaskId;

/**
 * What the engine tells the logs while a task runs: every line its worker thread logs meanwhile
 * names the task (the logging backend's context, such as SLF4J's MDC, in {@code task-app}).
 */
public interface TaskLogContext {

    /** Nothing: the lines a task's run logs name no task. */
    TaskLogContext NONE = task -> () -> {
    };

    /** Marks the calling thread as running {@code task} until the returned scope is closed, on that thread. */
    Scope enter(TaskId task);

    /** The time a thread runs one task. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
