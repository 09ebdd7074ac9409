package dev.taskmill.application.engine;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The tasks this node's workers hold, from the answer of the claim that started them until
 * their end is stored, and the claims still on their way: what {@link LostClaims} compares
 * with the store to find a claim whose answer never came back.
 */
final class ClaimedTasks {

    /** Guarded by this. */
    private final Set<TaskId> held = new HashSet<>();
    /** The claims on their way, by the number each got when it began; guarded by this. */
    private final Set<Long> inFlight = new HashSet<>();
    private long claimsBegun;

    /**
     * Makes a call to the store that may claim a task, and holds what it claimed. A claim that
     * fails holds nothing here, though the store may have stored it.
     */
    Optional<Task> claim(Supplier<Optional<Task>> call) {
        long claim = begin();
        Optional<Task> claimed = Optional.empty();
        try {
            claimed = call.get();
            return claimed;
        } finally {
            end(claim, claimed);
        }
    }

    private synchronized long begin() {
        long claim = ++claimsBegun;
        inFlight.add(claim);
        return claim;
    }

    private synchronized void end(long claim, Optional<Task> claimed) {
        inFlight.remove(claim);
        claimed.ifPresent(task -> held.add(task.id()));
    }

    /** The end of the task is stored: no worker here holds it any longer. */
    synchronized void release(TaskId taskId) {
        held.remove(taskId);
    }

    /**
     * What the store says runs here and no worker holds, as of now.
     *
     * @param runningHere the running tasks the store says this node claimed, read just before
     */
    synchronized Unheld unheld(List<Task> runningHere) {
        Map<TaskId, Task> unheld = new HashMap<>();
        for (Task task : runningHere) {
            if (!held.contains(task.id())) {
                unheld.put(task.id(), task);
            }
        }
        return new Unheld(unheld, Set.copyOf(inFlight));
    }

    /**
     * The tasks of {@code earlier} that are still unheld now, unchanged: claims lost on the
     * way. A claim that was on its way when {@code earlier} was taken may still answer with one
     * of them, so none is lost while such a claim is still on its way. Claims that began after
     * it cannot have started them: they were running already.
     */
    synchronized List<Task> lostSince(Unheld earlier, List<Task> runningHere) {
        for (Long claim : earlier.inFlight()) {
            if (inFlight.contains(claim)) {
                return List.of();
            }
        }
        return runningHere.stream().filter(task -> !held.contains(task.id()))
                .filter(task -> task.equals(earlier.tasks().get(task.id()))).toList();
    }

    /** Running tasks no worker here held, and the claims on their way then. */
    record Unheld(Map<TaskId, Task> tasks, Set<Long> inFlight) {
    }
}
