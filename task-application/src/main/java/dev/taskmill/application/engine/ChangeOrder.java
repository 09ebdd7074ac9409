package dev.taskmill.application.engine;

import dev.taskmill.domain.TaskChange;
import java.util.UUID;

/**
 * The last change of recent tasks that went to followers, by version and kind, so that none goes
 * after a later one: a submission told late, after another node started the task, or a task read
 * after another node's announcement that is already further along.
 *
 * <p>A fixed table of {@value #SLOTS} slots, one task in each, found by its id's hash: a task
 * whose slot another task took since is forgotten, so what is remembered is the recent tasks,
 * with no object made per task and no map to grow (the engine tells hundreds of thousands of
 * changes a second). The slots are guarded by {@value #LOCKS} locks; {@link #tellInOrder} holds a
 * task's lock while the change is told, so the changes of one task go out one after the other
 * and those of different tasks side by side.
 */
final class ChangeOrder {

    /** How many tasks are remembered at most; a power of two. */
    static final int SLOTS = 1 << 16;
    /** How many locks guard the slots; a power of two, at most {@link #SLOTS}. */
    private static final int LOCKS = 64;

    /** Slot {@code i} holds the task {@code (high[i], low[i])}, its last change told being {@code told[i]}. */
    private final long[] high = new long[SLOTS];
    private final long[] low = new long[SLOTS];
    /** {@code version * 4 + rank} of the last change told, 0 for an empty slot. */
    private final long[] told = new long[SLOTS];
    private final Object[] locks = new Object[LOCKS];

    ChangeOrder() {
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Runs {@code tell} unless a later change of the task was told (as far as this remembers), under
     * the task's lock; returns whether it ran.
     */
    boolean tellInOrder(TaskChange change, Runnable tell) {
        UUID id = change.task().id().value();
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        int slot = slot(msb, lsb);
        long order = order(change);
        synchronized (locks[slot & (LOCKS - 1)]) {
            if (told[slot] != 0 && high[slot] == msb && low[slot] == lsb && order <= told[slot]) {
                return false;
            }
            high[slot] = msb;
            low[slot] = lsb;
            told[slot] = order;
            tell.run();
            return true;
        }
    }

    private static int slot(long msb, long lsb) {
        long mixed = (msb ^ lsb) * 0x9E3779B97F4A7C15L; // random UUIDs are random already; ids made otherwise may not be
        return (int) (mixed >>> 48) & (SLOTS - 1);
    }

    /** The change's place among its task's: by version, then kind; never 0. */
    private static long order(TaskChange change) {
        return change.task().version() * 4 + rank(change.kind()) + 1;
    }

    /** The order of the kinds of changes of one version of a task, as a task read later may be further along. */
    private static int rank(TaskChange.Kind kind) {
        return switch (kind) {
            case SUBMITTED -> 0;
            case STARTED -> 1;
            case PROGRESS, REQUEUED -> 2;
            case ENDED -> 3;
        };
    }
}
