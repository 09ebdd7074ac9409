package dev.taskmill.application.port.out;

import dev.taskmill.domain.TaskChange;

/**
 * Hears of each change of a task this node stored: its submissions, the starts, progress and
 * ends of the runs of its workers, its cancels. Changes stored on other nodes are theirs to tell
 * (so that counting them on every node counts each once). Given to the engine when it is built.
 */
public interface TaskChangeListener {

    /**
     * Called right after {@code change} was stored, on the thread that stored it (a worker, a
     * request's): it must return at once and not throw.
     */
    void taskChanged(TaskChange change);
}
