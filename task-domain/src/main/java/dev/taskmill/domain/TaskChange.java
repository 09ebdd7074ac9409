package dev.taskmill.domain;

import java.util.Objects;

/**
 * A change of a task, as stored: what happened ({@link Kind}) and the task right after it.
 * Changes are what live followers of the tasks (a stream of events, a wait for a task's end, the
 * metrics) hear of.
 */
public record TaskChange(Kind kind, Task task) {

    public TaskChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(task, "task");
    }

    /** What happened to a task. */
    public enum Kind {
        /** A call was admitted: the task waits (or ended at once, rejected or skipped). */
        SUBMITTED,
        /** A worker began to run the task. */
        STARTED,
        /** The running task reported progress. */
        PROGRESS,
        /** The task ended: finished, failed or was cancelled. */
        ENDED,
        /** The task stopped running without ending (its node stopped) and waits to run again. */
        REQUEUED;

        /** The name clients see: {@code submitted}, {@code started}, ... */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
