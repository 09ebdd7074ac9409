package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.domain.TaskId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The signals of a node whose peers a test plays: they hand over the engine's receiver and note the ends announced. */
final class CapturedSignals implements ClusterSignals {

    volatile Receiver receiver;
    final List<TaskId> ends = new CopyOnWriteArrayList<>();

    @Override
    public void announceWork() {
    }

    @Override
    public void announceStop(TaskId taskId) {
    }

    @Override
    public void announceEnd(TaskId taskId) {
        ends.add(taskId);
    }

    @Override
    public void subscribe(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void close() {
    }
}
