package dev.taskmill.app;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.testing.Eventually;
import java.time.Duration;
import java.util.function.Predicate;

/** Waiting for a task, as a node's use cases report it. */
final class NodeTasks {

    private NodeTasks() {
    }

    /** The task once {@code condition} holds; fails after {@code within}. */
    static Task await(Taskmill node, TaskId id, Predicate<Task> condition, Duration within) {
        return Eventually.await(within, "task " + id + " as expected",
                () -> node.useCases().get().getTask(Caller.anonymous(), id), condition);
    }
}
