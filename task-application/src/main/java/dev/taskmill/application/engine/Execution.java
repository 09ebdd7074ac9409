package dev.taskmill.application.engine;

import dev.taskmill.domain.TaskId;

/**
 * One running operation on a worker thread: the flag it checks to stop, and the thread to
 * interrupt, which is interrupted only while it still runs this operation.
 */
final class Execution {

    /** Why an operation was told to stop. */
    enum StopReason { CANCELED, TIMED_OUT, SHUTDOWN }

    private final TaskId taskId;
    private final Thread thread;
    private boolean active = true;
    private volatile StopReason stopReason;

    Execution(TaskId taskId, Thread thread) {
        this.taskId = taskId;
        this.thread = thread;
    }

    TaskId taskId() {
        return taskId;
    }

    synchronized void stop(StopReason reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        if (active) {
            thread.interrupt();
        }
    }

    /** Called by the worker once the operation has returned; no interrupt reaches it after this. */
    synchronized void finish() {
        active = false;
    }

    boolean isStopRequested() {
        return stopReason != null;
    }

    StopReason stopReason() {
        return stopReason;
    }
}
