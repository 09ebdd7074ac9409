package dev.taskmill.application.port.in;

import dev.taskmill.domain.Caller;
import dev.taskmill.domain.TaskCondition;
import java.util.List;

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
     * @param ready called, on a thread that must not be held, when events wait for the stream (again
     *        and again while they do, a few times a second at most; cheap to call): the adapter then
     *        takes them ({@link Stream#take})
     */
    Stream follow(Caller caller, TaskCondition filter, String lastEventId, Runnable ready);

    /**
     * One open stream of task events ({@link #follow}). The events wait until the adapter takes
     * them; a stream that falls too far behind the newest event (its client reads too slowly) is
     * closed: what it did not take is dropped and its last event is a
     * {@link TaskEvent.Type#CLOSED} saying why. Nothing a stream's client does slows the engine.
     */
    interface Stream {

        /**
         * The events waiting, oldest first, at most {@code max}; none if none waits. After a
         * {@link TaskEvent.Type#CLOSED}, nothing more comes.
         */
        List<TaskEvent> take(int max);

        /** Whether events wait to be taken. */
        boolean hasEvents();

        /** The stream is over (its client went away): it is forgotten. Closing twice does nothing. */
        void close();
    }
}
