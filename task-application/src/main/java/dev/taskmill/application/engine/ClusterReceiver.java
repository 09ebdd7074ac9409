package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import java.lang.System.Logger.Level;

/**
 * What this node does when another node, or the shared store itself, announces something:
 * work wakes one idle worker here, who passes it on if it finds a task (an announcement may
 * stand for several tasks), a change of a task reaches whoever follows it here ({@link TaskChanges}), a stop reaches the execution of the task if it runs here, and a node that
 * went unheard too long stops everything it runs.
 */
final class ClusterReceiver implements ClusterSignals.Receiver {

    private static final System.Logger LOG = System.getLogger(ClusterReceiver.class.getName());

    private final WakeSignal wakeSignal;
    private final Executions executions;
    private final TaskChanges changes;

    ClusterReceiver(WakeSignal wakeSignal, Executions executions, TaskChanges changes) {
        this.wakeSignal = wakeSignal;
        this.executions = executions;
        this.changes = changes;
    }

    @Override
    public void workAnnounced() {
        wakeSignal.signal();
    }

    @Override
    public void changeAnnounced(TaskChange.Kind kind, TaskId taskId) {
        changes.announced(kind, taskId);
    }

    @Override
    public void stopAnnounced(TaskId taskId) {
        executions.stop(taskId, Execution.StopReason.CANCELED);
    }

    /**
     * Stops every operation here: their tasks end in {@code error} as the other nodes end a lost
     * node's, unless one of them already did (see {@link TaskCompletion#complete}).
     */
    @Override
    public void nodeLapsed(String why) {
        int stopped = executions.stopAll(Execution.StopReason.NODE_LAPSED, why);
        LOG.log(Level.WARNING, "This node {0}; the other nodes may have ended its tasks: stopped the {1} operations"
                + " running here", why, stopped);
    }
}
