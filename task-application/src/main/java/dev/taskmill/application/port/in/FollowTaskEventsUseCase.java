package dev.taskmill.application.port.in;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.TaskCondition;

/**
 * Follows the changes of tasks as they happen: submitted, started, progress, ended (and requeued),
 * on this server and, on a store several share, on every server; what a live client (a
 * dashboard, a command-line watcher) asks instead of polling.
 */
public interface FollowTaskEventsUseCase {

    /**
     * Opens a stream of the events of the tasks that satisfy {@code filter} and that the caller
     * may read (a caller without {@code read} sees only their own tasks).
     *
     * <p>With {@code lastEventId}, the events after it that are still held are queued first; if
     * some after it are no longer held (or the id is not one of this server's), the stream begins
     * with a {@link TaskEvent.Type#RESET} instead, after which the client lists the tasks again.
     *
     * @param lastEventId the id of the last event the client saw, or null
     * @param ready called, on a thread that must not be held, whenever events are queued for a
     *        stream that had none: the adapter then takes them ({@link TaskEventStream#take})
     */
    TaskEventStream follow(Caller caller, TaskCondition filter, String lastEventId, Runnable ready);
}
