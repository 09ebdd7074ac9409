package dev.taskmill.application.service;

import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import java.util.ArrayList;
import java.util.List;

/** An engine that only notes what the services tell it. */
final class RecordingEngine implements EngineSignals {

    int workSignals;
    final List<TaskId> stops = new ArrayList<>();
    final List<TaskChange> changes = new ArrayList<>();

    @Override
    public void workMayBeRunnable() {
        workSignals++;
    }

    @Override
    public void stopOperation(TaskId taskId) {
        stops.add(taskId);
    }

    @Override
    public List<Task> admit(List<TaskId> ids, java.util.function.Supplier<List<Task>> admit) {
        List<Task> admitted = admit.get();
        admitted.forEach(task -> changes.add(new TaskChange(TaskChange.Kind.SUBMITTED, task)));
        return admitted;
    }

    @Override
    public void taskChanged(TaskChange change) {
        changes.add(change);
    }
}
