package dev.taskmill.adapter.memory;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The tasks that may be removed once their retention has passed: terminal, claims released,
 * ordered by finish time. Guarded by the repository's write lock.
 */
final class RetentionIndex {

    private final NavigableMap<Expiry, TaskId> byFinishTime = new TreeMap<>();

    /** Keeps the index right when {@code before} is stored as {@code after}. */
    void replace(Task before, Task after) {
        if (retained(before) && retained(after) && before.finishTime().equals(after.finishTime())) {
            return;
        }
        remove(before);
        if (retained(after)) {
            byFinishTime.put(Expiry.of(after), after.id());
        }
    }

    void remove(Task task) {
        if (retained(task)) {
            byFinishTime.remove(Expiry.of(task));
        }
    }

    /** Up to {@code max} of the tasks that finished before {@code cutoff}, earliest first. */
    List<TaskId> finishedBefore(Instant cutoff, int max) {
        List<TaskId> expired = new ArrayList<>();
        for (Map.Entry<Expiry, TaskId> entry : byFinishTime.entrySet()) {
            if (expired.size() == max || !entry.getKey().finishTime().isBefore(cutoff)) {
                break;
            }
            expired.add(entry.getValue());
        }
        return expired;
    }

    private static boolean retained(Task task) {
        return task.state().isTerminal() && !task.holdsClaims();
    }

    /** Position breaks ties between tasks that finished at the same instant. */
    private record Expiry(Instant finishTime, long position) implements Comparable<Expiry> {

        static Expiry of(Task task) {
            return new Expiry(task.finishTime(), task.position());
        }

        @Override
        public int compareTo(Expiry other) {
            int byTime = finishTime.compareTo(other.finishTime);
            return byTime != 0 ? byTime : Long.compare(position, other.position);
        }
    }
}
