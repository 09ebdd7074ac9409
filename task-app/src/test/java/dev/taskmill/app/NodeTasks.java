package dev.taskmill.app;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.time.Duration;
import java.util.function.Predicate;

/** Waiting for a task, as a node's use cases report it. */
final class NodeTasks {

    private NodeTasks() {
    }

    /** The task once {@code condition} holds, polled every 10 ms; fails after {@code within}. */
    static Task await(Taskmill node, TaskId id, Predicate<Task> condition, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Task task = node.useCases().get().getTask(Caller.anonymous(), id);
        while (!condition.test(task)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + within + ": " + task);
            }
            Thread.sleep(10);
            task = node.useCases().get().getTask(Caller.anonymous(), id);
        }
        return task;
    }
}
