package dev.taskmill.application.port.out;

import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;

/**
 * How the nodes sharing one store tell each other what changed, so that an idle node starts
 * a task submitted elsewhere at once, a cancel reaches the node running the task, and whoever
 * follows the tasks on one node (a stream of events, a wait for a task's end) hears of the
 * changes stored on every node. A store only one node uses needs none: {@link #NONE}.
 */
public interface ClusterSignals extends AutoCloseable {

    /** The signals of a store with one node: there is nobody to tell. */
    ClusterSignals NONE = new ClusterSignals() {
        @Override
        public void announceWork() {
        }

        @Override
        public void announceStop(TaskId taskId) {
        }

        @Override
        public void announceChange(TaskChange.Kind kind, TaskId taskId) {
        }

        @Override
        public void follow(boolean following) {
        }

        @Override
        public void watch(TaskId taskId) {
        }

        @Override
        public void subscribe(Receiver receiver) {
        }

        @Override
        public void close() {
        }
    };

    /** Tells the other nodes that tasks may have become runnable. */
    void announceWork();

    /** Asks the other nodes to stop the operation of {@code taskId}, if one of them runs it. */
    void announceStop(TaskId taskId);

    /**
     * Tells the other nodes that task {@code taskId} changed here, if one of them follows every
     * change ({@link #follow}) or, for an end, waits for this task ({@link #watch}); else nothing
     * need be sent. It must not block the caller long: a store may send it later, together with
     * others, in the order asked.
     */
    void announceChange(TaskChange.Kind kind, TaskId taskId);

    /**
     * Whether someone here follows every change (a stream of events is open): while so, the other
     * nodes announce each change they store; told again when it changes.
     */
    void follow(boolean following);

    /**
     * Someone here waits for the end of task {@code taskId}: the other nodes are to announce its
     * end for a while (a minute or more), also an end they stored just before they heard this.
     */
    void watch(TaskId taskId);

    /** Delivers the other nodes' announcements to {@code receiver} from now on. */
    void subscribe(Receiver receiver);

    /** Stops listening. */
    @Override
    void close();

    /** What a node does when another announces something. */
    interface Receiver {

        /**
         * Tasks may have become runnable: another node announced it, the store released claims
         * itself (it ended a lost node's tasks, and tells the other nodes too), or announcements
         * may have been lost. Look for work here; the announcement needs no passing on.
         */
        void workAnnounced();

        /**
         * Task {@code taskId} changed on another node, or the store changed it itself (it ended a
         * lost node's task): tell whoever follows it here.
         */
        void changeAnnounced(TaskChange.Kind kind, TaskId taskId);

        /** Stop the operation of {@code taskId} if it runs here. */
        void stopAnnounced(TaskId taskId);

        /**
         * This node went unheard for longer than the other nodes wait before they end its
         * running tasks (a long pause, a frozen machine, the store out of reach), so they may
         * have ended them: stop every operation running here. {@code why} says what happened,
         * for the tasks' records and the log.
         */
        void nodeLapsed(String why);
    }
}
