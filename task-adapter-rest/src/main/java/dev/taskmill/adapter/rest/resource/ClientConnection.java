package dev.taskmill.adapter.rest.resource;

import java.util.concurrent.CompletionStage;

/**
 * The connection a request came on, as much of it as a request that waits needs: a resource
 * method's {@code @Context ClientConnection}, given by the transport, which alone can watch the
 * connection while no thread serves the request.
 */
@FunctionalInterface
public interface ClientConnection {

    /** A connection nobody watches: {@code onInput} never runs. */
    ClientConnection UNWATCHED = (answer, onInput) -> { };

    /**
     * Runs {@code onInput} once if, before {@code answer} is complete, the client closes the
     * connection or sends anything more on it: a client that went away, or one that already asks
     * its next question and so should have this answer now. After {@code answer} completes,
     * {@code onInput} is never run.
     */
    void whileUnanswered(CompletionStage<?> answer, Runnable onInput);
}
