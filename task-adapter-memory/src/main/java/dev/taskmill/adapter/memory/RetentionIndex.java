package dev.taskmill.adapter.memory;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The tasks that may be removed once their retention has passed: terminal, claims released,
 * earliest finish first. Guarded by the repository's write lock.
 *
 * <p>Such a task never changes again, so it enters once and leaves when it expires: a heap
 * serves, at a small entry per task.
 */
final class RetentionIndex {

    private final PriorityQueue<Expiry> byFinishTime = new PriorityQueue<>(
            Comparator.comparing(Expiry::finishTime).thenComparingLong(Expiry::position));

    /** Keeps the index right when {@code before} is stored as {@code after}. */
    void replace(Task before, Task after) {
        if (!retained(before) && retained(after)) {
            byFinishTime.add(new Expiry(after.finishTime(), after.position(), after.id()));
        }
    }

    /** Takes out up to {@code max} of the tasks that finished before {@code cutoff}, earliest first. */
    List<TaskId> pollFinishedBefore(Instant cutoff, int max) {
        List<TaskId> expired = new ArrayList<>();
        while (expired.size() < max && !byFinishTime.isEmpty() && byFinishTime.peek().finishTime().isBefore(cutoff)) {
            expired.add(byFinishTime.poll().id());
        }
        return expired;
    }

    private static boolean retained(Task task) {
        return task.state().isTerminal() && !task.holdsClaims();
    }

    private record Expiry(Instant finishTime, long position, TaskId id) {
    }
}
