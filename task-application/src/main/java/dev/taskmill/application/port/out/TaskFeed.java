package dev.taskmill.application.port.out;

import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import java.util.function.Consumer;

/**
 * What the engine offers the use cases that follow tasks as they change (a stream of events, a
 * wait for a task's end): being told of each change, here or, on a store other nodes share, on
 * any node, rather than reading the tasks again and again.
 */
public interface TaskFeed {

    /**
     * Calls {@code follower} with every change of every task from now on, until the returned
     * subscription is cancelled: those stored here at once, those stored on other nodes as they
     * are announced (with the task as read when the announcement came). Progress comes at most a
     * few times a second per task. The calls come on a thread of the feed's, one change at a time,
     * soon after the change (within milliseconds), in the order the changes of a task were stored:
     * {@code follower} must return at once and not throw.
     */
    Subscription follow(Consumer<TaskChange> follower);

    /**
     * Calls {@code mayHaveEnded} whenever task {@code taskId} may have ended, here or on another
     * node, until the returned subscription is cancelled; also now and then in case a signal was
     * lost. A call is a hint, not a promise: read the task to know. The calls come on the thread
     * that stored the change, or the feed's: {@code mayHaveEnded} must return at once and not throw.
     */
    Subscription watch(TaskId taskId, Runnable mayHaveEnded);

    /** One registration of {@link #follow} or {@link #watch}. */
    interface Subscription {

        /** No more calls for this registration; it is forgotten. Cancelling twice does nothing. */
        void cancel();
    }
}
