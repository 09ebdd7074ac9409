package dev.taskmill.application.port.in;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskGroupId;
import java.util.List;
import java.util.Objects;

/** A task group as it was admitted: its id and its tasks, in the order of its calls. */
public record TaskGroup(TaskGroupId id, List<Task> tasks) {

    public TaskGroup {
        Objects.requireNonNull(id, "id");
        tasks = List.copyOf(tasks);
    }
}
