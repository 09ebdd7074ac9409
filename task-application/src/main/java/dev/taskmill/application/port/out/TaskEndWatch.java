package dev.taskmill.application.port.out;

import dev.taskmill.domain.TaskId;

/**
 * What the engine offers a use case that waits for a task to end: being told when the task may
 * have ended, rather than reading it again and again. The engine tells of the ends it writes
 * (a run's end, a time-out), of the ends the use cases report ({@link EngineSignals#taskEnded}),
 * of the ends other nodes announce ({@link ClusterSignals#announceEnd}), and, as a safety net
 * for a signal that was lost, of every watched task now and then.
 */
public interface TaskEndWatch {

    /**
     * Calls {@code mayHaveEnded} whenever task {@code taskId} may have ended, until the returned
     * watch is cancelled. The call comes on one of the engine's threads: it must return at once
     * (hand any work to a thread of its own) and not throw. A call is a hint, not a promise: read
     * the task to know.
     */
    Watch watch(TaskId taskId, Runnable mayHaveEnded);

    /** One registration of {@link #watch}. */
    interface Watch {

        /** No more calls for this registration; it is forgotten. Cancelling twice does nothing. */
        void cancel();
    }
}
