package dev.taskmill.application.port.out;

import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSearch;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The smallest {@link TaskRepository} that keeps the contract ({@link SimpleTaskRepositoryTest}):
 * one lock, tasks in admission order, every lookup a scan. The application's own tests run the
 * engine and the services on it; a new storage adapter may start from it.
 */
public final class SimpleTaskRepository implements TaskRepository {

    /** The stored tasks by id, in admission (position) order; guarded by this. */
    private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    private long lastPosition;

    @Override
    public synchronized Task admit(TaskSubmission submission) {
        requireNew(submission);
        return storeNew(submission.admit(0, ConflictMatrix.decide(held(), submission.claims())));
    }

    @Override
    public synchronized Task admitAndStart(TaskSubmission submission, Instant now, String worker) {
        boolean noneWaiting = tasks.values().stream().noneMatch(task -> task.state() == TaskState.WAITING);
        Task admitted = admit(submission);
        if (!noneWaiting || admitted.response() != CallResponse.ACCEPTED) {
            return admitted;
        }
        return store(admitted.start(now, worker));
    }

    @Override
    public synchronized List<Task> admitAll(List<TaskSubmission> submissions) {
        if (submissions.isEmpty()) {
            throw new IllegalArgumentException("admitAll needs at least one submission");
        }
        submissions.forEach(this::requireNew);
        List<Task> stored = new ArrayList<>();
        for (Task admitted : TaskSubmission.admitInOrder(submissions, held())) {
            stored.add(storeNew(admitted));
        }
        return stored;
    }

    private void requireNew(TaskSubmission submission) {
        if (tasks.containsKey(submission.id())) {
            throw new IllegalArgumentException("Task " + submission.id() + " is already stored");
        }
    }

    /** Every claim still held, on whatever resource: the matrix looks only at those of a call's resources. */
    private List<ResourceClaim> held() {
        List<ResourceClaim> held = new ArrayList<>();
        for (Task task : tasks.values()) {
            if (task.holdsClaims()) {
                held.addAll(task.claims());
            }
        }
        return held;
    }

    /** Stores a newly admitted task at the next position. */
    private Task storeNew(Task admitted) {
        Task stored = admitted.storedAt(++lastPosition);
        tasks.put(stored.id(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<Task> claimNextRunnable(Instant now, String worker) {
        for (Task task : tasks.values()) {
            if (task.state() == TaskState.WAITING && !blocked(task)) {
                return Optional.of(store(task.start(now, worker)));
            }
        }
        return Optional.empty();
    }

    /** Whether a claim still held by an earlier task conflicts with one of {@code waiting}'s. */
    private boolean blocked(Task waiting) {
        for (Task earlier : tasks.values()) {
            if (earlier.position() >= waiting.position()) {
                return false;
            }
            if (earlier.holdsClaims() && conflict(earlier.claims(), waiting.claims())) {
                return true;
            }
        }
        return false;
    }

    private static boolean conflict(List<ResourceClaim> earlier, List<ResourceClaim> later) {
        for (ResourceClaim held : earlier) {
            for (ResourceClaim claim : later) {
                if (held.key().equals(claim.key()) && ConflictMatrix.conflicts(held.operation(), claim.operation())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public synchronized Optional<Task> findById(TaskId id) {
        return Optional.ofNullable(tasks.get(Objects.requireNonNull(id, "id")));
    }

    @Override
    public synchronized List<Task> search(TaskSearch search) {
        return tasks.values().stream().filter(search.condition()::test).sorted(search.comparator())
                .skip(search.skip()).limit(search.limit()).toList();
    }

    @Override
    public synchronized List<Task> find(TaskFilter filter, long after, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        return tasks.values().stream().filter(task -> task.position() > after && filter.matches(task))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<Task> findClaimedHere() {
        return tasks.values().stream().filter(task -> task.startTime() != null && task.holdsClaims()
                && task.state() != TaskState.WAITING).toList();
    }

    @Override
    public synchronized Task update(Task changed) {
        Task current = tasks.get(changed.id());
        if (current == null || current.version() != changed.version()) {
            throw new ConcurrentTaskUpdateException(changed.id(), changed.version());
        }
        if (!current.holdsClaims() && changed.holdsClaims()) {
            throw new IllegalArgumentException("Task " + changed.id() + " cannot take back claims it released");
        }
        return store(changed);
    }

    private Task store(Task next) {
        Task stored = next.withVersion(next.version() + 1);
        tasks.put(stored.id(), stored);
        return stored;
    }


    @Override
    public synchronized long count(TaskState state) {
        return tasks.values().stream().filter(task -> task.state() == state).count();
    }

    @Override
    public synchronized int removeFinishedBefore(Instant cutoff) {
        int removed = 0;
        for (Iterator<Task> it = tasks.values().iterator(); it.hasNext(); ) {
            Task task = it.next();
            if (task.state().isTerminal() && !task.holdsClaims() && task.finishTime().isBefore(cutoff)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }
}
