package dev.taskmill.adapter.rest.resource;

import java.util.concurrent.CompletionStage;

/**
 * The connection a request came on, as much of it as a request answered later needs: a resource
 * method's {@code @Context ClientConnection}, given by the transport, which alone can watch the
 * connection while no thread serves the request, and knows how much it holds for a client.
 */
public interface ClientConnection {

    /** A connection nobody watches: {@code onInput} never runs, and there is always room. */
    ClientConnection UNWATCHED = new ClientConnection() {
        @Override
        public void whileUnanswered(CompletionStage<?> answer, Runnable onInput) {
            // never told
        }

        @Override
        public int roomToWrite() {
            return Integer.MAX_VALUE;
        }

        @Override
        public boolean allSent() {
            return true;
        }

        @Override
        public void disconnect() {
            // the response ends as the transport ends it
        }
    };

    /**
     * Runs {@code onInput} once if, before {@code answer} is complete, the client closes the
     * connection or sends anything more on it: a client that went away, or one that already asks
     * its next question and so should have this answer now. It runs on a thread of the
     * transport's, and may, rarely, run just as {@code answer} completes: it must be harmless
     * then (cancelling a future that is already complete does nothing).
     */
    void whileUnanswered(CompletionStage<?> answer, Runnable onInput);

    /**
     * How many bytes of the response may be written now without the writing thread waiting for
     * the client to read what was written before ({@link Integer#MAX_VALUE} if the transport
     * holds any amount).
     */
    int roomToWrite();

    /**
     * Whether everything written so far has gone to the client: a write larger than
     * {@link #roomToWrite} then waits only for what it adds beyond what the transport holds.
     */
    boolean allSent();

    /** Closes the connection at once, whatever is written and not sent: for a client that reads nothing. */
    void disconnect();
}
