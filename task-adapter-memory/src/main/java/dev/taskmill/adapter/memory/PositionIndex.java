package dev.taskmill.adapter.memory;

import dev.taskmill.domain.TaskId;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Task ids in increasing order of position, in two parallel arrays: what a listing index holds
 * per tag or per state, at 12 bytes an entry rather than a tree node's 56.
 *
 * <p>Positions grow with admission, so most additions append. A removal leaves a gap that
 * later additions and lookups skip; the arrays are compacted once gaps outnumber entries.
 * Not thread-safe: guarded by the repository's lock.
 */
final class PositionIndex {

    private static final int INITIAL_CAPACITY = 4;

    private long[] positions;
    private TaskId[] ids;
    private int length;
    private int live;

    PositionIndex() {
        positions = new long[INITIAL_CAPACITY];
        ids = new TaskId[INITIAL_CAPACITY];
    }

    /** Adds the task at {@code position}, which the index does not hold yet. */
    void add(long position, TaskId id) {
        if (length == positions.length) {
            if (live < length / 2) {
                compact();
            } else {
                positions = Arrays.copyOf(positions, length * 2);
                ids = Arrays.copyOf(ids, length * 2);
            }
        }
        int at = length == 0 || positions[length - 1] < position ? length : insertionPoint(position);
        if (at < length && positions[at] == position) {
            ids[at] = id; // the gap a removal left at this position
            live++;
            return;
        }
        if (at < length) {
            System.arraycopy(positions, at, positions, at + 1, length - at);
            System.arraycopy(ids, at, ids, at + 1, length - at);
        }
        positions[at] = position;
        ids[at] = id;
        length++;
        live++;
    }

    /** Removes the task at {@code position}; returns whether it was held. */
    boolean remove(long position) {
        int at = Arrays.binarySearch(positions, 0, length, position);
        if (at < 0 || ids[at] == null) {
            return false;
        }
        ids[at] = null;
        live--;
        if (live == 0) {
            length = 0;
        } else if (live < length / 4 && length > 64) {
            compact();
        }
        return true;
    }

    int size() {
        return live;
    }

    boolean isEmpty() {
        return live == 0;
    }

    /** Feeds the ids after {@code position}, oldest first, to {@code next} until it returns false. */
    void forEachAfter(long position, Predicate<TaskId> next) {
        int from = Arrays.binarySearch(positions, 0, length, position);
        from = from >= 0 ? from + 1 : -from - 1;
        for (int i = from; i < length; i++) {
            if (ids[i] != null && !next.test(ids[i])) {
                return;
            }
        }
    }

    /** The first slot whose position is above {@code position}. */
    private int insertionPoint(long position) {
        int found = Arrays.binarySearch(positions, 0, length, position);
        if (found >= 0 && ids[found] != null) {
            throw new IllegalArgumentException("Position " + position + " is already indexed");
        }
        return found >= 0 ? found : -found - 1;
    }

    /** Closes the gaps, and gives memory back when the arrays are mostly empty. */
    private void compact() {
        int kept = 0;
        for (int i = 0; i < length; i++) {
            if (ids[i] != null) {
                positions[kept] = positions[i];
                ids[kept] = ids[i];
                kept++;
            }
        }
        Arrays.fill(ids, kept, length, null);
        length = kept;
        if (positions.length > INITIAL_CAPACITY && positions.length > 4 * kept) {
            int capacity = Math.max(INITIAL_CAPACITY, 2 * kept);
            positions = Arrays.copyOf(positions, capacity);
            ids = Arrays.copyOf(ids, capacity);
        }
    }
}
