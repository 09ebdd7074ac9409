package dev.taskmill.application.port.in;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How many tasks of a group are in each state, every state counted (0 when none is in it). */
public record TaskGroupSummary(Map<TaskState, Integer> counts) {

    public TaskGroupSummary {
        Map<TaskState, Integer> all = new EnumMap<>(TaskState.class);
        for (TaskState state : TaskState.values()) {
            all.put(state, counts.getOrDefault(state, 0));
        }
        counts = Collections.unmodifiableMap(all);
    }

    /** The counts of {@code tasks}. */
    public static TaskGroupSummary of(List<Task> tasks) {
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        for (Task task : tasks) {
            counts.merge(task.state(), 1, Integer::sum);
        }
        return new TaskGroupSummary(counts);
    }

    /** How many of the group's tasks are in {@code state}. */
    public int count(TaskState state) {
        return counts.get(state);
    }

    /** How many tasks the group has (that are still stored). */
    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
