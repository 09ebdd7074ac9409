package dev.taskmill.adapter.memory;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which waiting tasks may run. A waiting task counts its blockers that still hold claims; a
 * blocker knows its dependents; a task whose count reaches zero joins the ready queue, ordered
 * by position. Guarded by the repository's write lock.
 */
final class Readiness {

    private final Map<TaskId, Set<TaskId>> dependents = new HashMap<>();
    private final Map<TaskId, Pending> pending = new HashMap<>();
    private final NavigableMap<Long, TaskId> ready = new TreeMap<>();

    /** Registers a newly admitted waiting task; {@code holdsClaims} tells which blockers still hold theirs. */
    void admit(Task task, Predicate<TaskId> holdsClaims) {
        int unreleased = 0;
        for (TaskId blocker : task.blockers()) {
            if (holdsClaims.test(blocker)) {
                dependents.computeIfAbsent(blocker, id -> new HashSet<>()).add(task.id());
                unreleased++;
            }
        }
        if (unreleased == 0) {
            ready.put(task.position(), task.id());
        } else {
            pending.put(task.id(), new Pending(task.position(), unreleased));
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
        if (pending.remove(task.id()) != null) {
            for (TaskId blocker : task.blockers()) {
                Set<TaskId> waiting = dependents.get(blocker);
                if (waiting != null && waiting.remove(task.id()) && waiting.isEmpty()) {
                    dependents.remove(blocker);
                }
            }
        }
    }

    /** {@code blocker} released its claims: its dependents have one blocker fewer. */
    void released(TaskId blocker) {
        Set<TaskId> waiting = dependents.remove(blocker);
        if (waiting == null) {
            return;
        }
        for (TaskId dependent : waiting) {
            Pending count = pending.get(dependent);
            if (count != null && --count.unreleased == 0) {
                pending.remove(dependent);
                ready.put(count.position, dependent);
            }
        }
    }

    private static final class Pending {
        private final long position;
        private int unreleased;

        Pending(long position, int unreleased) {
            this.position = position;
            this.unreleased = unreleased;
        }
    }
}
