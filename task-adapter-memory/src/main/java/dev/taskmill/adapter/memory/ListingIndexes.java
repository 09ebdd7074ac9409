package dev.taskmill.adapter.memory;

import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.SearchField;
import dev.taskmill.domain.TaskCondition;
import dev.taskmill.domain.TaskSearch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tasks by tag, by state and by task group, each ordered by position, so a listing or a search
 * walks the smallest index that can hold its answer. Written under the repository's
 * write lock, read under its read lock.
 *
 * <p>Most tags are carried by one task only (the automatic tag of a resource used once), so
 * such a tag's index is a single entry until a second task carries it. Equal tags of different
 * tasks share one instance, the index's own (see {@link #add}).
 */
final class ListingIndexes {

    /** How many tasks a search reads of an index per hold of the repository's read lock. */
    static final int SEARCH_CHUNK = 1_024;

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

    /**
     * The tasks a search finds. It reads the smallest index a conjunct of its condition names
     * (ids, states, tags), or every state's when none does, and tests each task it reads.
     * {@code lock} is the repository's read lock: the search holds it only while it reads a
     * chunk of an index, and tests the tasks (immutable snapshots) without it, so that a search
     * that reads many tasks never holds up admissions and claims for long. A task that changes
     * state while the search reads may be found in its old state or its new one, once.
     */
    List<Task> search(TaskSearch search, Function<TaskId, Task> tasks, Lock lock) {
        long wanted = search.inAdmissionOrder() ? search.skip() + search.limit() : Long.MAX_VALUE;
        Candidates candidates;
        lock.lock();
        try {
            candidates = candidates(search.condition());
        } finally {
            lock.unlock();
        }
        Map<TaskId, Task> found = new LinkedHashMap<>();
        if (candidates.ids() != null) {
            for (TaskId id : candidates.ids()) {
                Task task = tasks.apply(id); // a concurrent map: no lock needed
                if (task != null && search.condition().test(task)) {
                    found.put(id, task);
                }
            }
        } else {
            // each index is in position order, so the first `wanted` matches of each contain the answer
            for (Walk index : candidates.indexes()) {
                long taken = 0;
                long after = 0;
                List<Task> chunk = new ArrayList<>(SEARCH_CHUNK);
                do {
                    chunk.clear();
                    lock.lock();
                    try {
                        index.forEachAfter(after, id -> chunk.add(tasks.apply(id)) && chunk.size() < SEARCH_CHUNK);
                    } finally {
                        lock.unlock();
                    }
                    for (Task task : chunk) {
                        if (taken < wanted && search.condition().test(task) && found.putIfAbsent(task.id(), task) == null) {
                            taken++;
                        }
                        after = task.position();
                    }
                } while (chunk.size() == SEARCH_CHUNK && taken < wanted);
            }
        }
        List<Task> sorted = new ArrayList<>(found.values());
        sorted.sort(search.comparator());
        int from = (int) Math.min(search.skip(), sorted.size());
        int to = (int) Math.min(search.skip() + search.limit(), sorted.size());
        return new ArrayList<>(sorted.subList(from, to));
    }

    /** Where a search reads: the given {@code ids}, or else every task of the {@code indexes}, which never overlap. */
    private record Candidates(Collection<TaskId> ids, List<Walk> indexes, long size) {
    }

    /** Walks one position-ordered index. */
    private interface Walk {
        void forEachAfter(long position, Predicate<TaskId> next);
    }

    private Candidates candidates(TaskCondition condition) {
        List<Walk> every = new ArrayList<>();
        for (PositionIndex index : byState.values()) {
            every.add(index::forEachAfter);
        }
        Candidates best = new Candidates(null, every, sizeOf(EnumSet.allOf(TaskState.class)));
        List<TaskCondition> conjuncts = condition instanceof TaskCondition.All all ? all.parts() : List.of(condition);
        for (TaskCondition conjunct : conjuncts) {
            Candidates narrower = candidatesOf(conjunct);
            if (narrower != null && narrower.size() < best.size()) {
                best = narrower;
            }
        }
        return best;
    }

    /** The candidates of one conjunct, or {@code null} when no index holds its matches. */
    private Candidates candidatesOf(TaskCondition conjunct) {
        SearchField field;
        List<Object> values;
        if (conjunct instanceof TaskCondition.Equal equal && !(equal.value() instanceof List)) {
            field = equal.field();
            values = Collections.singletonList(equal.value());
        } else if (conjunct instanceof TaskCondition.OneOf oneOf) {
            field = oneOf.field();
            values = oneOf.values();
        } else if (conjunct instanceof TaskCondition.ContainsAll all && !all.values().isEmpty()) {
            field = all.field();
            values = List.of(all.values().get(0)); // every match carries the first
        } else {
            return null;
        }
        switch (field) {
            case TASK_ID -> {
                Set<TaskId> ids = new LinkedHashSet<>();
                for (Object value : values) {
                    parseId(value).ifPresent(ids::add);
                }
                return new Candidates(ids, null, ids.size());
            }
            case STATE -> {
                Set<TaskState> states = EnumSet.noneOf(TaskState.class);
                for (TaskState state : TaskState.values()) {
                    if (values.contains(state.wireName())) {
                        states.add(state);
                    }
                }
                List<Walk> walks = new ArrayList<>();
                states.forEach(state -> walks.add(byState.get(state)::forEachAfter));
                return new Candidates(null, walks, sizeOf(states));
            }
            case TASK_GROUP_ID -> {
                List<Walk> walks = new ArrayList<>();
                long size = 0;
                for (Object value : new LinkedHashSet<>(values)) {
                    if (value == null) {
                        return null; // tasks outside any group have no index
                    }
                    PositionIndex group = byGroup.get(value);
                    if (group != null) {
                        walks.add(group::forEachAfter);
                        size += group.size();
                    }
                }
                return new Candidates(null, walks, size);
            }
            case TAGS -> {
                List<Walk> walks = new ArrayList<>();
                long size = 0;
                for (Object value : new LinkedHashSet<>(values)) {
                    Tagged tagged = value == null ? null : byTag.get(tagOrNull((String) value));
                    if (tagged != null) {
                        walks.add(tagged::forEachAfter);
                        size += tagged.size();
                    }
                }
                // a task carrying two of the tags is in two walks: read them as ids, once each
                if (walks.size() > 1) {
                    Set<TaskId> ids = new LinkedHashSet<>();
                    walks.forEach(walk -> walk.forEachAfter(0, id -> ids.add(id) || true));
                    return new Candidates(ids, null, ids.size());
                }
                return new Candidates(null, walks, size);
            }
            default -> {
                return null;
            }
        }
    }

    /** The tag {@code value} names, or {@code null} for text no tag can be (which no task carries). */
    private static Tag tagOrNull(String value) {
        try {
            return new Tag(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<TaskId> parseId(Object value) {
        try {
            return value instanceof String text ? Optional.of(TaskId.parse(text)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How many tasks are in {@code state}. */
    int count(TaskState state) {
        return byState.get(state).size();
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
