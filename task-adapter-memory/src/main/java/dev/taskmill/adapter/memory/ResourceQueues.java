package dev.taskmill.adapter.memory;

import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceKey;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per resource, the tasks that hold claims on it in admission order, and which waiting tasks
 * may run: those that no earlier holder of a claim on any of their resources conflicts with.
 * Guarded by the repository's write lock.
 *
 * <p>A waiting task counts the resources it is blocked on and joins the ready queue, ordered
 * by position, when the count reaches zero. On each resource, the blocked entries of one kind
 * (the same operations on that resource) form a suffix of that kind's entries: each later one
 * is blocked by whatever blocks the first. So each kind keeps a <em>frontier</em>, its first
 * blocked entry, with the operations held before it. A release before a frontier can only
 * unblock from the frontier on, which moves forward past what it unblocks; every entry is
 * passed at most once per kind, so a long queue costs what it holds, not its square.
 */
final class ResourceQueues {

    private static final ResourceOperation[] OPERATIONS = ResourceOperation.values();
    /** Bit {@code later} of row {@code earlier}: a later claim with that operation waits for an earlier one. */
    private static final int[] WAITS_FOR = conflictRows();

    private final Map<ResourceKey, Queue> queues = new HashMap<>();
    private final Map<TaskId, Blocked> blocked = new HashMap<>();
    private final NavigableMap<Long, TaskId> ready = new TreeMap<>();

    /** The distinct claims still held on the resources that {@code claims} name. */
    List<ResourceClaim> heldOn(List<ResourceClaim> claims) {
        List<ResourceClaim> held = new ArrayList<>();
        for (ResourceKey key : masksByKey(claims).keySet()) {
            Queue queue = queues.get(key);
            if (queue != null) {
                for (ResourceOperation operation : OPERATIONS) {
                    if (queue.held[operation.ordinal()] > 0) {
                        held.add(new ResourceClaim(key.resourceType(), key.resourceId(), operation));
                    }
                }
            }
        }
        return held;
    }

    /** Enters a newly admitted waiting task, the latest of all; it is ready unless an earlier holder conflicts. */
    void admit(Task task) {
        int blockedOn = 0;
        for (Map.Entry<ResourceKey, Integer> claim : masksByKey(task.claims()).entrySet()) {
            Queue queue = queues.computeIfAbsent(claim.getKey(), key -> new Queue());
            int mask = claim.getValue();
            if (waits(queue.held, mask)) {
                blockedOn++;
                queue.frontiers.computeIfAbsent(mask, kind -> new Frontier(task.position(), queue.held.clone()));
            }
            queue.entries.put(task.position(), new Entry(task.id(), mask));
            add(queue.held, mask);
        }
        if (blockedOn == 0) {
            ready.put(task.position(), task.id());
        } else {
            blocked.put(task.id(), new Blocked(task.position(), blockedOn));
        }
    }

    /** Takes the oldest ready task out of the queue. */
    Optional<TaskId> pollReady() {
        Map.Entry<Long, TaskId> oldest = ready.pollFirstEntry();
        return oldest == null ? Optional.empty() : Optional.of(oldest.getValue());
    }

    /** The task left the waiting state (it started, or was cancelled or skipped): it never becomes ready. */
    void leftWaiting(Task task) {
        ready.remove(task.position());
        blocked.remove(task.id());
    }

    /**
     * The task went back from running to waiting, keeping its claims: it is ready again at
     * once, for nothing blocked it when it started and the earlier holders can only have
     * released their claims since.
     */
    void backToWaiting(Task task) {
        ready.put(task.position(), task.id());
    }

    /** The task released its claims: later tasks may no longer have to wait for it. */
    void release(Task task) {
        long position = task.position();
        for (ResourceKey key : masksByKey(task.claims()).keySet()) {
            Queue queue = queues.get(key);
            Entry entry = queue == null ? null : queue.entries.remove(position);
            if (entry == null) {
                continue;
            }
            subtract(queue.held, entry.mask);
            if (!queue.frontiers.isEmpty()) {
                released(queue, position, entry.mask);
            }
            if (queue.entries.isEmpty()) {
                queues.remove(key);
            }
        }
    }

    /** Moves the frontiers an entry released at {@code position} may have held back. */
    private void released(Queue queue, long position, int mask) {
        // copied, since advancing may remove a frontier
        for (Map.Entry<Integer, Frontier> kind : List.copyOf(queue.frontiers.entrySet())) {
            Frontier frontier = kind.getValue();
            if (position < frontier.position) {
                subtract(frontier.before, mask);
                advance(queue, kind.getKey(), frontier);
            } else if (position == frontier.position && moveToNext(queue, kind.getKey(), frontier)) {
                advance(queue, kind.getKey(), frontier);
            }
        }
    }

    /** Unblocks the frontier's entries as long as nothing before them conflicts. */
    private void advance(Queue queue, int mask, Frontier frontier) {
        while (!waits(frontier.before, mask)) {
            Entry first = queue.entries.get(frontier.position);
            unblock(first.taskId);
            add(frontier.before, mask);
            if (!moveToNext(queue, mask, frontier)) {
                return;
            }
        }
    }

    /**
     * Moves the frontier to the next entry of its kind, counting the operations of the entries
     * passed; removes the frontier when there is none.
     *
     * @return whether there was a next entry
     */
    private static boolean moveToNext(Queue queue, int mask, Frontier frontier) {
        for (Map.Entry<Long, Entry> later : queue.entries.tailMap(frontier.position, false).entrySet()) {
            if (later.getValue().mask == mask) {
                frontier.position = later.getKey();
                return true;
            }
            add(frontier.before, later.getValue().mask);
        }
        queue.frontiers.remove(mask);
        return false;
    }

    private void unblock(TaskId taskId) {
        Blocked task = blocked.get(taskId);
        if (task != null && --task.resources == 0) {
            blocked.remove(taskId);
            ready.put(task.position, taskId);
        }
    }

    /** Whether a claim with the operations in {@code mask} waits for the operations counted in {@code held}. */
    private static boolean waits(int[] held, int mask) {
        for (int earlier = 0; earlier < held.length; earlier++) {
            if (held[earlier] > 0 && (WAITS_FOR[earlier] & mask) != 0) {
                return true;
            }
        }
        return false;
    }

    private static void add(int[] counts, int mask) {
        for (int operation = 0; operation < counts.length; operation++) {
            if ((mask & 1 << operation) != 0) {
                counts[operation]++;
            }
        }
    }

    private static void subtract(int[] counts, int mask) {
        for (int operation = 0; operation < counts.length; operation++) {
            if ((mask & 1 << operation) != 0) {
                counts[operation]--;
            }
        }
    }

    /** Per resource the task claims, the set of its operations on it as bits by ordinal. */
    private static Map<ResourceKey, Integer> masksByKey(List<ResourceClaim> claims) {
        if (claims.size() == 1) {
            ResourceClaim claim = claims.get(0);
            return Map.of(claim.key(), 1 << claim.operation().ordinal());
        }
        Map<ResourceKey, Integer> masks = new LinkedHashMap<>();
        for (ResourceClaim claim : claims) {
            masks.merge(claim.key(), 1 << claim.operation().ordinal(), (a, b) -> a | b);
        }
        return masks;
    }

    private static int[] conflictRows() {
        int[] rows = new int[OPERATIONS.length];
        for (ResourceOperation earlier : OPERATIONS) {
            for (ResourceOperation later : OPERATIONS) {
                if (ConflictMatrix.conflicts(earlier, later)) {
                    rows[earlier.ordinal()] |= 1 << later.ordinal();
                }
            }
        }
        return rows;
    }

    /** The holders of claims on one resource. */
    private static final class Queue {
        private final NavigableMap<Long, Entry> entries = new TreeMap<>();
        private final int[] held = new int[OPERATIONS.length];
        private final Map<Integer, Frontier> frontiers = new HashMap<>(4);
    }

    private record Entry(TaskId taskId, int mask) {
    }

    /** The first blocked entry of one kind, and how many entries before it hold each operation. */
    private static final class Frontier {
        private long position;
        private final int[] before;

        Frontier(long position, int[] before) {
            this.position = position;
            this.before = before;
        }
    }

    /** A waiting task and the number of resources it is still blocked on. */
    private static final class Blocked {
        private final long position;
        private int resources;

        Blocked(long position, int resources) {
            this.position = position;
            this.resources = resources;
        }
    }
}
