package dev.taskmill.application.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes idle workers when tasks may have become runnable, without losing a wake-up that
 * arrives between a worker finding nothing to do and going to sleep.
 *
 * <p>A signal wakes one sleeping worker, not all of them: the worker that finds a task passes
 * the signal on ({@link TaskEngine}), so a burst of runnable tasks wakes as many workers as it
 * needs, one after another, instead of every worker racing for the store's lock at each
 * submission. Looking at the generation and signalling with nobody asleep take no lock.
 */
final class WakeSignal {

    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger sleepers = new AtomicInteger();
    private volatile boolean closed;

    /** The current generation; pass it to {@link #awaitChange} after looking for work. */
    long generation() {
        return generation.get();
    }

    void signal() {
        generation.incrementAndGet();
        // a sleeper counts itself before it checks the generation, so it either sees this
        // increment or is counted here
        if (sleepers.get() > 0) {
            synchronized (this) {
                notify();
            }
        }
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
        sleepers.incrementAndGet();
        try {
            while (generation.get() == seen && !closed) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000L;
                if (remaining <= 0) {
                    break;
                }
                wait(remaining);
            }
        } finally {
            sleepers.decrementAndGet();
        }
        return !closed;
    }
}
