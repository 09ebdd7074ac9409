package dev.taskmill.application.port.in;

import java.util.List;

/**
 * One open stream of task events ({@link FollowTaskEventsUseCase#follow}). The events wait in
 * a bounded queue until the adapter takes them; a stream whose queue grows past its bound (its
 * client reads too slowly) is closed: its queue is dropped and its last event is a
 * {@link TaskEvent.Type#CLOSED} saying why. Nothing a stream's client does slows the engine.
 */
public interface TaskEventStream {

    /**
     * The events queued, oldest first, at most {@code max}; none if none is queued. After a
     * {@link TaskEvent.Type#CLOSED}, nothing more comes.
     */
    List<TaskEvent> take(int max);

    /** Whether events are queued: the adapter asks after it took all it was woken for, in case more came. */
    boolean hasEvents();

    /** The stream is over (its client went away): it is forgotten. Closing twice does nothing. */
    void close();
}
