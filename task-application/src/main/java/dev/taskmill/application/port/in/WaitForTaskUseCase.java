package dev.taskmill.application.port.in;

import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Waits for one task to end, without holding a thread: what a client asks instead of polling. */
public interface WaitForTaskUseCase {

    /** The longest wait, in seconds. */
    int MAX_WAIT_SECONDS = 60;
    /** The rule of the wait, for messages. */
    String WAIT_RULE = "'wait' must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS;

    /**
     * The task as soon as it is in a terminal state, or as it is when {@code wait} has passed.
     * The caller's access is checked at once, as {@link GetTaskUseCase#getTask} checks it,
     * before any waiting. Cancelling the returned future ends the wait and forgets it.
     *
     * @param wait 0 to {@value #MAX_WAIT_SECONDS} seconds; 0 answers at once
     * @return a future completed with the task; or, should the task disappear meanwhile (its
     *         retention passed) or the store be out of reach when the wait ends, failed with
     *         {@link TaskNotFoundException} or {@link ServiceUnavailableException}
     * @throws IllegalArgumentException if {@code wait} is out of its bounds
     * @throws TaskNotFoundException if there is no such task
     * @throws AccessDeniedException as {@link GetTaskUseCase#getTask} refuses
     * @throws ServiceUnavailableException if the task store cannot be reached at the moment
     */
    CompletableFuture<Task> waitForEnd(Caller caller, TaskId id, Duration wait);

    /** Whether {@code wait} is within its bounds. */
    static boolean isValidWait(Duration wait) {
        return !wait.isNegative() && wait.compareTo(Duration.ofSeconds(MAX_WAIT_SECONDS)) <= 0;
    }
}
