package dev.taskmill.application.port.out;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSearch;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Passes every call on to a store: tests override the calls they watch or disturb. */
public class DelegatingTaskRepository implements TaskRepository {

    private final TaskRepository delegate;

    public DelegatingTaskRepository(TaskRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public Task admit(TaskSubmission submission) {
        return delegate.admit(submission);
    }

    @Override
    public Optional<Task> claimNextRunnable(Instant now, String worker) {
        return delegate.claimNextRunnable(now, worker);
    }

    @Override
    public long count(TaskState state) {
        return delegate.count(state);
    }

    @Override
    public Optional<Task> findById(TaskId id) {
        return delegate.findById(id);
    }

    @Override
    public List<Task> find(TaskFilter filter, long after, int limit) {
        return delegate.find(filter, after, limit);
    }

    @Override
    public List<Task> search(TaskSearch search) {
        return delegate.search(search);
    }

    @Override
    public List<Task> findClaimedHere() {
        return delegate.findClaimedHere();
    }

    @Override
    public Task update(Task changed) {
        return delegate.update(changed);
    }

    @Override
    public Optional<Task> updateAndClaimNext(Task changed, Instant now, String worker) {
        return delegate.updateAndClaimNext(changed, now, worker);
    }

    @Override
    public Task admitAndStart(TaskSubmission submission, Instant now, String worker) {
        return delegate.admitAndStart(submission, now, worker);
    }

    @Override
    public List<Task> admitAll(List<TaskSubmission> submissions) {
        return delegate.admitAll(submissions);
    }


    @Override
    public int removeFinishedBefore(Instant cutoff) {
        return delegate.removeFinishedBefore(cutoff);
    }
}
