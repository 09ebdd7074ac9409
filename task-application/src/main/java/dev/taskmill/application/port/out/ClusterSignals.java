package dev.taskmill.application.port.out;

import dev.taskmill.domain.TaskId;

/**
 * How the nodes sharing one store tell each other what changed, so that an idle node starts
 * a task submitted elsewhere at once and a cancel reaches the node running the task. A store
 * only one node uses needs none: {@link #NONE}.
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
