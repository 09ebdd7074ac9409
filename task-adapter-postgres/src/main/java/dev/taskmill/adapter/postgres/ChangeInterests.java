package dev.taskmill.adapter.postgres;

import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Which of this node's changes the other nodes want to hear of: every change while one of them
 * follows them all (it said so within {@value #FOLLOW_MILLIS} ms), and the end of a task one of
 * them waits for (it said so within {@value #WATCH_MILLIS} ms, longer than a wait lasts). So that
 * a wait said just after its task ended here is still answered, the ends of the last
 * {@value #RECENT_END_MILLIS} ms are kept. With nobody interested, a change costs a look at two
 * maps and nothing is sent.
 */
final class ChangeInterests {

    /** How long a node's word that it follows every change holds; it says it again more often. */
    static final long FOLLOW_MILLIS = 30_000;
    /** How long a node's word that it waits for a task holds: longer than the longest wait. */
    static final long WATCH_MILLIS = 75_000;
    /** How long the ends of tasks are kept, for a wait said just after. */
    static final long RECENT_END_MILLIS = 10_000;
    private static final int MAX_RECENT_ENDS = 100_000;

    /** Until when each following node follows, in nanoseconds; guarded by this. */
    private final Map<String, Long> followers = new HashMap<>();
    /** Until when someone waits for each task, in nanoseconds; guarded by this. */
    private final Map<TaskId, Long> watched = new HashMap<>();
    /** The ends of late, oldest first; guarded by this. */
    private final ArrayDeque<RecentEnd> recentEnds = new ArrayDeque<>();
    private final Set<TaskId> recentEndIds = new HashSet<>();
    private long nextWatchCleanup;

    /** Whether a change of this node's is to be announced; an end is remembered for a while either way. */
    synchronized boolean wanted(TaskChange.Kind kind, TaskId taskId, long nowNanos) {
        boolean wanted = anyFollower(nowNanos);
        if (kind == TaskChange.Kind.ENDED) {
            rememberEnd(taskId, nowNanos);
            Long until = watched.get(taskId);
            if (until != null) {
                watched.remove(taskId); // a task ends once; its waiters read it
                wanted |= until - nowNanos > 0;
            }
        }
        return wanted;
    }

    /** Node {@code node} follows every change, or no longer does. */
    synchronized void follows(String node, boolean following, long nowNanos) {
        if (following) {
            followers.put(node, nowNanos + FOLLOW_MILLIS * 1_000_000);
        } else {
            followers.remove(node);
        }
    }

    /**
     * Someone on another node waits for the end of {@code taskId}: true if it ended here of late,
     * so that its end is to be announced again now.
     */
    synchronized boolean watches(TaskId taskId, long nowNanos) {
        if (nowNanos - nextWatchCleanup > 0) {
            watched.values().removeIf(until -> until - nowNanos <= 0);
            nextWatchCleanup = nowNanos + WATCH_MILLIS * 1_000_000;
        }
        forgetOldEnds(nowNanos);
        if (recentEndIds.contains(taskId)) {
            return true;
        }
        watched.put(taskId, nowNanos + WATCH_MILLIS * 1_000_000);
        return false;
    }

    private boolean anyFollower(long nowNanos) {
        if (followers.isEmpty()) {
            return false;
        }
        Iterator<Long> untils = followers.values().iterator();
        while (untils.hasNext()) {
            if (untils.next() - nowNanos > 0) {
                return true;
            }
            untils.remove();
        }
        return false;
    }

    private void rememberEnd(TaskId taskId, long nowNanos) {
        forgetOldEnds(nowNanos);
        if (recentEnds.size() == MAX_RECENT_ENDS) {
            recentEndIds.remove(recentEnds.removeFirst().taskId());
        }
        if (recentEndIds.add(taskId)) {
            recentEnds.addLast(new RecentEnd(taskId, nowNanos));
        }
    }

    private void forgetOldEnds(long nowNanos) {
        while (!recentEnds.isEmpty() && nowNanos - recentEnds.peekFirst().nanos() > RECENT_END_MILLIS * 1_000_000) {
            recentEndIds.remove(recentEnds.removeFirst().taskId());
        }
    }

    private record RecentEnd(TaskId taskId, long nanos) {
    }
}
