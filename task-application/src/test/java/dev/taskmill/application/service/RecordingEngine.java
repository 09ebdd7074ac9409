package dev.taskmill.application.service;

import dev.taskmill.application.port.out.EngineSignals;
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
    public void taskChanged(TaskChange change) {
        changes.add(change);
    }
}
