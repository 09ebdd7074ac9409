package dev.taskmill.application.engine;

import dev.taskmill.domain.TaskChange;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The changes of tasks on their way to followers, each task's in order: a change goes no further
 * if a later one of its task went before it (a submission told late, after another node started
 * the task, or a task read after another node's announcement that is already further along).
 * Changes are queued here by the threads that store them and taken by one thread, which tells
 * the followers ({@link #drainTo}).
 *
 * <p>The last change of recent tasks, by version and kind, is kept in a fixed table of
 * {@value #SLOTS} slots, one task in each, found by its id's hash: a task whose slot another task
 * took since is forgotten, so what is remembered is the recent tasks, with no object made per
 * task and no map to grow (the engine tells hundreds of thousands of changes a second). The
 * slots fall in {@value #STRIPES} stripes, each with its lock and its queue: a task's changes
 * are queued one after the other in its stripe, those of tasks of other stripes side by side.
 */
final class ChangeOrder {

    /** How many tasks are remembered at most; a power of two. */
    static final int SLOTS = 1 << 16;
    /** How many stripes the slots fall in; a power of two, at most {@link #SLOTS}. */
    private static final int STRIPES = 64;

    /**
     * Slot {@code i} is {@code table[3i..3i+2]}: the task's id {@code (high, low)} and {@code
     * version * 4 + rank} of its last change queued, 0 for an empty slot; side by side, so that
     * a slot is one read from memory.
     */
    private final long[] table = new long[SLOTS * 3];
    private final Stripe[] stripes = new Stripe[STRIPES];

    ChangeOrder() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** The changes queued in one stripe, in the order they came; its lock guards its slots too. */
    private static final class Stripe {
        private List<TaskChange> queued = new ArrayList<>();
    }

    /**
     * Queues {@code change} for the followers unless a later change of its task was queued (as
     * far as this remembers); returns whether it did.
     */
    boolean queueInOrder(TaskChange change) {
        UUID id = change.task().id().value();
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        int slot = slot(msb, lsb);
        long order = order(change);
        int at = slot * 3;
        Stripe stripe = stripes[slot & (STRIPES - 1)];
        synchronized (stripe) {
            // a submission is a task's first change: after any other, it is late, whatever the
            // version it carries (a submission another node announced is read as the task is then)
            if (table[at + 2] != 0 && table[at] == msb && table[at + 1] == lsb
                    && (order <= table[at + 2] || change.kind() == TaskChange.Kind.SUBMITTED)) {
                return false;
            }
            table[at] = msb;
            table[at + 1] = lsb;
            table[at + 2] = order;
            stripe.queued.add(change);
            return true;
        }
    }

    /**
     * Gives {@code follower} every change queued, stripe by stripe, each stripe's in the order
     * they came, outside the stripe's lock; returns how many. One thread at a time drains:
     * a task's changes then reach the follower in their order.
     */
    int drainTo(Consumer<TaskChange> follower) {
        int drained = 0;
        for (Stripe stripe : stripes) {
            List<TaskChange> taken;
            synchronized (stripe) {
                if (stripe.queued.isEmpty()) {
                    continue;
                }
                taken = stripe.queued;
                stripe.queued = new ArrayList<>(Math.max(16, taken.size()));
            }
            for (TaskChange change : taken) {
                follower.accept(change);
            }
            drained += taken.size();
        }
        return drained;
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
