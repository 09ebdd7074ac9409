package dev.taskmill.application.service;

import dev.taskmill.application.port.in.CancelTaskGroupUseCase;
import dev.taskmill.application.port.in.TaskGroupNotFoundException;
import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskNotCancellableException;
import dev.taskmill.domain.TaskState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cancels the tasks of a group that can be cancelled, each as a task alone is cancelled, and
 * tells the engine once. The group's latest task goes first: cancelling an earlier waiting one
 * releases claims that a later one may wait for, which a worker could otherwise start just
 * before its own cancel.
 */
public final class CancelTaskGroupService implements CancelTaskGroupUseCase {

    private final TaskRepository repository;
    private final Cancellation cancellation;

    public CancelTaskGroupService(TaskRepository repository, EngineSignals engine, Clock clock) {
        this.repository = repository;
        this.cancellation = new Cancellation(repository, engine, clock);
    }

    @Override
    public void cancelGroup(Caller caller, TaskGroupId group) {
        List<Task> tasks = caller.accessGroup(Permission.DELETE, "cancel task group " + group,
                GroupTasks.of(repository, group),
                () -> new TaskGroupNotFoundException(group.toString()));
        List<Task> canceled = new ArrayList<>();
        try {
            for (int i = tasks.size() - 1; i >= 0; i--) {
                Task task = tasks.get(i);
                if (task.isIncomplete() && !(task.state() == TaskState.RUNNING && !task.cancellable())) {
                    cancel(caller, task).ifPresent(canceled::add);
                }
            }
        } finally {
            // what was cancelled before a failure is told too: its operations must stop
            cancellation.signal(canceled);
        }
    }

    private Optional<Task> cancel(Caller caller, Task task) {
        try {
            return cancellation.cancel(caller, task, () -> StoreCalls.call(() -> repository.findById(task.id())));
        } catch (TaskNotCancellableException e) {
            return Optional.empty(); // it started meanwhile, and its operation cannot be cancelled
        }
    }
}
