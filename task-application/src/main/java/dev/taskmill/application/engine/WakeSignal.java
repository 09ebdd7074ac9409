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
 *
 * <p>A signal that stands for one task ({@link #signalOne}: one call admitted) needs no passing
 * on: each such signal wakes a worker of its own. {@link #onlySingleSince} tells a worker whether
 * that is all that came since it last looked.
 */
final class WakeSignal {

    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger sleepers = new AtomicInteger();
    /** The generation of the last {@link #signal}, which may stand for several tasks. */
    private final AtomicLong lastBroad = new AtomicLong();
    private volatile boolean closed;

    /** The current generation; pass it to {@link #awaitChange} after looking for work. */
    long generation() {
        return generation.get();
    }

    /** Work may be runnable, perhaps several tasks: the worker that finds one passes it on. */
    void signal() {
        // a worker that looks between the two steps takes this for a single signal; the sleeper
        // woken below, after both, sees it as broad and passes it on
        lastBroad.accumulateAndGet(generation.incrementAndGet(), Math::max);
        wakeOne();
    }

    /** One task may be runnable: it wakes one worker, who need not pass it on. */
    void signalOne() {
        generation.incrementAndGet();
        wakeOne();
    }

    /**
     * Whether signals came after generation {@code seen} and each was {@link #signalOne}: a
     * worker woken by them need not pass the wake-up on. False if none came (a worker that
     * looks on its own, at its start or after its idle wait, passes on what it finds).
     */
    boolean onlySingleSince(long seen) {
        return generation.get() > seen && lastBroad.get() <= seen;
    }

    private void wakeOne() {
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
