package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.domain.TaskId;

/**
 * What this node does when another node, or the shared store itself, announces something:
 * work wakes one idle worker here (the announcement needs no passing on: the node that made it
 * told every node), and a stop reaches the execution of the task if it runs here.
 */
final class ClusterReceiver implements ClusterSignals.Receiver {

    private final WakeSignal wakeSignal;
    private final Executions executions;

    ClusterReceiver(WakeSignal wakeSignal, Executions executions) {
        this.wakeSignal = wakeSignal;
        this.executions = executions;
    }

    @Override
    public void workAnnounced() {
        wakeSignal.signal();
    }

    @Override
    public void stopAnnounced(TaskId taskId) {
        executions.stop(taskId, Execution.StopReason.CANCELED);
    }
}
