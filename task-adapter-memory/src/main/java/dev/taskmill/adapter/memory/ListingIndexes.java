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
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tasks by tag and by state, each ordered by position, so a listing walks the smallest index
 * that can hold its answer; and the tasks of each task group. Written under the repository's
 * write lock, read under its read lock.
 *
 * <p>Most tags are carried by one task only (the automatic tag of a resource used once), so
 * such a tag's index is a single entry until a second task carries it. Equal tags of different
 * tasks share one instance, the index's own (see {@link #add}).
 */
final class ListingIndexes {

    private final Map<Tag, Tagged> byTag = new HashMap<>();
    private final Map<TaskState, PositionIndex> byState = new EnumMap<>(TaskState.class);
    /** By job id: only the tasks of groups have an entry. */
    private final Map<String, PositionIndex> byGroup = new HashMap<>();

    ListingIndexes() {
        for (TaskState state : TaskState.values()) {
            byState.put(state, new PositionIndex());
        }
    }

    /**
     * Indexes a newly admitted task and returns its tags as the instances this index holds:
     * an equal tag another task already carries is returned as that task's instance, so that
     * stored tasks can share it.
     */
    List<Tag> add(Task task) {
        Tag[] shared = new Tag[task.tags().size()];
        for (int i = 0; i < shared.length; i++) {
            Tag tag = task.tags().get(i);
            Tagged tagged = byTag.get(tag);
            if (tagged == null) {
                byTag.put(tag, new Single(tag, task.position(), task.id()));
                shared[i] = tag;
            } else {
                byTag.put(tag, tagged.plus(task.position(), task.id()));
                shared[i] = tagged.tag();
            }
        }
        byState.get(task.state()).add(task.position(), task.id());
        if (task.jobId() != null) {
            byGroup.computeIfAbsent(task.jobId(), group -> new PositionIndex()).add(task.position(), task.id());
        }
        return List.of(shared);
    }

    /** Tags and position never change after admission, so only the state index can move. */
    void replace(Task before, Task after) {
        if (before.state() != after.state()) {
            byState.get(before.state()).remove(before.position());
            byState.get(after.state()).add(after.position(), after.id());
        }
    }

    void remove(Task task) {
        for (Tag tag : task.tags()) {
            Tagged tagged = byTag.get(tag);
            if (tagged != null && tagged.remove(task.position())) {
                byTag.remove(tag);
            }
        }
        byState.get(task.state()).remove(task.position());
        PositionIndex group = task.jobId() == null ? null : byGroup.get(task.jobId());
        if (group != null && group.remove(task.position()) && group.isEmpty()) {
            byGroup.remove(task.jobId());
        }
    }

    /** The tasks of the group {@code jobId}, oldest first. */
    List<Task> group(String jobId, Function<TaskId, Task> tasks) {
        List<Task> found = new ArrayList<>();
        PositionIndex group = byGroup.get(jobId);
        if (group != null) {
            group.forEachAfter(0, id -> found.add(tasks.apply(id)));
        }
        return found;
    }

    /** The matching tasks after position {@code after}, oldest first, at most {@code limit}. */
    List<Task> find(TaskFilter filter, long after, int limit, Function<TaskId, Task> tasks) {
        Set<TaskState> states = filter.states().isEmpty() ? EnumSet.allOf(TaskState.class) : filter.states();
        Tagged smallestTag = null;
        for (Tag tag : filter.tags()) {
            Tagged tagged = byTag.get(tag);
            if (tagged == null) {
                return new ArrayList<>();
            }
            if (smallestTag == null || tagged.size() < smallestTag.size()) {
                smallestTag = tagged;
            }
        }
        List<Task> found = new ArrayList<>();
        if (smallestTag != null && smallestTag.size() <= sizeOf(states)) {
            smallestTag.forEachAfter(after, collector(filter, limit, tasks, found));
            return found;
        }
        // each task sits in one state index, so the first `limit` matches of each contain the answer
        for (TaskState state : states) {
            byState.get(state).forEachAfter(after, collector(filter, limit, tasks, found));
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

    /** Adds matching tasks to {@code into}, at most {@code limit} of them. */
    private static Predicate<TaskId> collector(TaskFilter filter, int limit, Function<TaskId, Task> tasks,
            List<Task> into) {
        int[] taken = {0};
        return id -> {
            if (taken[0] == limit) {
                return false;
            }
            Task task = tasks.apply(id);
            if (filter.matches(task)) {
                into.add(task);
                taken[0]++;
            }
            return taken[0] < limit;
        };
    }

    /** The tasks carrying one tag. */
    private sealed interface Tagged permits Single, Many {

        Tag tag();

        int size();

        /** Removes the task at {@code position}; returns whether none is left. */
        boolean remove(long position);

        void forEachAfter(long position, Predicate<TaskId> next);

        /** This index with the task at {@code position} as well. */
        Tagged plus(long position, TaskId id);
    }

    private record Single(Tag tag, long position, TaskId id) implements Tagged {

        @Override
        public int size() {
            return 1;
        }

        @Override
        public boolean remove(long removed) {
            return removed == position;
        }

        @Override
        public void forEachAfter(long after, Predicate<TaskId> next) {
            if (position > after) {
                next.test(id);
            }
        }

        @Override
        public Tagged plus(long addedPosition, TaskId addedId) {
            Many many = new Many(tag, new PositionIndex());
            many.index.add(position, id);
            return many.plus(addedPosition, addedId);
        }
    }

    private record Many(Tag tag, PositionIndex index) implements Tagged {

        @Override
        public int size() {
            return index.size();
        }

        @Override
        public boolean remove(long position) {
            index.remove(position);
            return index.isEmpty();
        }

        @Override
        public void forEachAfter(long position, Predicate<TaskId> next) {
            index.forEachAfter(position, next);
        }

        @Override
        public Tagged plus(long position, TaskId id) {
            index.add(position, id);
            return this;
        }
    }
}
