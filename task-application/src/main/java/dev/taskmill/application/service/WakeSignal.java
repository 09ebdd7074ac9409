package dev.taskmill.application.service;

/**
 * Wakes idle workers when tasks may have become runnable, without losing a wake-up that
 * arrives between a worker finding nothing to do and going to sleep.
 */
final class WakeSignal {

    private long generation;
    private boolean closed;

    /** The current generation; pass it to {@link #awaitChange} after looking for work. */
    synchronized long generation() {
        return generation;
    }

    synchronized void signal() {
        generation++;
        notifyAll();
    }

    /** Wakes every waiter for good. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * Waits until a signal after {@code seen}, at most {@code timeoutMillis}.
     *
     * @return false once the signal is closed
     */
    synchronized boolean awaitChange(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (generation == seen && !closed) {
            long remaining = (deadline - System.nanoTime()) / 1_000_000L;
            if (remaining <= 0) {
                break;
            }
            wait(remaining);
        }
        return !closed;
    }
}
