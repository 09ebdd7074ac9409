package dev.taskmill.bench;

import java.time.Duration;

/**
 * When the no-op work of a round ran: how many times, and the first and last moment, so that a
 * round's throughput counts the time its workers spent claiming and completing tasks and not
 * how long its nodes took to start.
 */
final class RunLog {

    private int runs;
    private long firstNanos;
    private long lastNanos;

    /** Notes one run, now. */
    synchronized void ran() {
        long now = System.nanoTime();
        if (runs == 0) {
            firstNanos = now;
        }
        lastNanos = now;
        runs++;
        notifyAll();
    }

    /** Waits until {@code count} runs were noted, at most {@code atMost}. */
    synchronized void await(int count, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (runs < count) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new IllegalStateException("Only " + runs + " of " + count + " tasks ran within " + atMost);
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
    }

    /** Runs per second from the first run to the last: {@code runs - 1} intervals. */
    synchronized double perSecond() {
        if (runs < 2 || lastNanos == firstNanos) {
            throw new IllegalStateException("A rate needs two runs at different moments");
        }
        return (runs - 1) / ((lastNanos - firstNanos) / 1e9);
    }

    synchronized void clear() {
        runs = 0;
    }
}
