package dev.taskmill.application.engine;

import dev.taskmill.domain.Task;

/**
 * One running operation on a worker thread: the task as its worker claimed it, the flag the
 * operation checks to stop, and the thread to interrupt, which is interrupted only while it
 * still runs this operation.
 */
final class Execution {

    /** Why an operation was told to stop. */
    enum StopReason {
        /** A client cancelled the task; the cancel is stored. */
        CANCELED,
        /** It ran past its time limit; the time-out is stored. */
        TIMED_OUT,
        /** The server is stopping and the grace for running tasks is over. */
        SHUTDOWN,
        /** This node went unheard for too long: the other nodes may have ended the task. */
        NODE_LAPSED
    }

    private final Task claimed;
    private final Thread thread;
    private boolean active = true;
    private volatile StopReason stopReason;
    private volatile String stopDetail;

    Execution(Task claimed, Thread thread) {
        this.claimed = claimed;
        this.thread = thread;
    }

    Task claimed() {
        return claimed;
    }

    void stop(StopReason reason) {
        stop(reason, null);
    }

    /** Tells the operation to stop, for {@code reason}, which {@code detail} explains; the first reason stands. */
    synchronized void stop(StopReason reason, String detail) {
        if (stopReason == null) {
            stopDetail = detail;
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

    /** What explains the stop, if anything does. */
    String stopDetail() {
        return stopDetail;
    }
}
