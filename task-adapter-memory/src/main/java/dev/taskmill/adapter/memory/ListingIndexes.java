package dev.taskmill.adapter.memory;

import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Tasks by tag and by state, each ordered by position, so a listing walks the smallest index
 * that can hold its answer. Written under the repository's write lock, read under its read lock.
 */
final class ListingIndexes {

    private final Map<Tag, NavigableMap<Long, TaskId>> byTag = new HashMap<>();
    private final Map<TaskState, NavigableMap<Long, TaskId>> byState = new EnumMap<>(TaskState.class);

    ListingIndexes() {
        for (TaskState state : TaskState.values()) {
            byState.put(state, new TreeMap<>());
        }
    }

    void add(Task task) {
        for (Tag tag : task.tags()) {
            byTag.computeIfAbsent(tag, t -> new TreeMap<>()).put(task.position(), task.id());
        }
        byState.get(task.state()).put(task.position(), task.id());
    }

    /** Tags and position never change after admission, so only the state index can move. */
    void replace(Task before, Task after) {
        if (before.state() != after.state()) {
            byState.get(before.state()).remove(before.position());
            byState.get(after.state()).put(after.position(), after.id());
        }
    }

    void remove(Task task) {
        for (Tag tag : task.tags()) {
            NavigableMap<Long, TaskId> tagged = byTag.get(tag);
            if (tagged != null) {
                tagged.remove(task.position());
                if (tagged.isEmpty()) {
                    byTag.remove(tag);
                }
            }
        }
        byState.get(task.state()).remove(task.position());
    }

    /** The matching tasks after position {@code after}, oldest first, at most {@code limit}. */
    List<Task> find(TaskFilter filter, long after, int limit, Function<TaskId, Task> tasks) {
        Set<TaskState> states = filter.states().isEmpty() ? EnumSet.allOf(TaskState.class) : filter.states();
        NavigableMap<Long, TaskId> smallestTag = null;
        for (Tag tag : filter.tags()) {
            NavigableMap<Long, TaskId> tagged = byTag.get(tag);
            if (tagged == null) {
                return new ArrayList<>();
            }
            if (smallestTag == null || tagged.size() < smallestTag.size()) {
                smallestTag = tagged;
            }
        }
        List<Task> found = new ArrayList<>();
        if (smallestTag != null && smallestTag.size() <= sizeOf(states)) {
            collect(smallestTag, filter, after, limit, tasks, found);
            return found;
        }
        // each task sits in one state index, so the first `limit` matches of each contain the answer
        for (TaskState state : states) {
            collect(byState.get(state), filter, after, limit, tasks, found);
        }
        found.sort(Comparator.comparingLong(Task::position));
        return found.size() > limit ? new ArrayList<>(found.subList(0, limit)) : found;
    }

    private int sizeOf(Set<TaskState> states) {
        int size = 0;
        for (TaskState state : states) {
            size += byState.get(state).size();
        }
        return size;
    }

    private static void collect(NavigableMap<Long, TaskId> index, TaskFilter filter, long after, int limit,
            Function<TaskId, Task> tasks, List<Task> into) {
        int taken = 0;
        for (TaskId id : index.tailMap(after, false).values()) {
            if (taken == limit) {
                return;
            }
            Task task = tasks.apply(id);
            if (filter.matches(task)) {
                into.add(task);
                taken++;
            }
        }
    }
}
