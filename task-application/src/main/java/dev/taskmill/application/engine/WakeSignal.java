package dev.taskmill.application.engine;

import dev.taskmill.domain.Task;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes idle workers when tasks may have become runnable, without losing a wake-up that
 * arrives between a worker finding nothing to do and going to sleep, and hands a task started
 * for it to an idle worker ({@link #reserveIdle}).
 *
 * <p>A signal wakes one sleeping worker, not all of them: the worker that finds a task passes
 * the signal on ({@link TaskEngine}), so a burst of runnable tasks wakes as many workers as it
 * needs, one after another, instead of every worker racing for the store's lock at each
 * submission. Looking at the generation and signalling with nobody asleep take no lock.
 *
 * <p>A signal that stands for one task ({@link #signalOne}: one call admitted) needs no passing
 * on: each such signal wakes a worker of its own. {@link #onlySingleSince} tells a worker whether
 * that is all that came since it last looked.
 *
 * <p>Each worker waits on a {@link Sleeper} of its own, parked, and the idle ones queue, the
 * last to fall idle first: a signal unparks one of them, and a submission may reserve one, have
 * the store start its task by that worker's name, and hand the task over. A sleeper queues itself
 * before it looks at the generation, and a signal moves the generation before it looks at the
 * queue, so a worker either sees the signal or is seen by it. A worker taken from the queue
 * always leaves it to look (or to run what it is handed): one left asleep there would be out of
 * every later signal's reach.
 */
final class WakeSignal {

    private static final int BUSY = 0;
    private static final int IDLE = 1;
    private static final int RESERVED = 2;
    private static final int HANDED = 3;
    /** Taken from the queue by a signal: it leaves and looks, whatever the generation says. */
    private static final int WOKEN = 4;

    private final AtomicLong generation = new AtomicLong();
    /** The generation of the last {@link #signal}, which may stand for several tasks. */
    private final AtomicLong lastBroad = new AtomicLong();
    /**
     * The idle sleepers, the latest first, each once: a sleeper queues itself as it waits and
     * leaves when a signal or a reservation takes it, or removes itself when it wakes on its own.
     */
    private final ConcurrentLinkedDeque<Sleeper> idle = new ConcurrentLinkedDeque<>();
    private final List<Sleeper> sleepers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** The current generation; pass it to {@link Sleeper#await} after looking for work. */
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

    /**
     * Wakes one idle worker, who leaves the queue and looks for work: even one that saw this
     * signal's generation already, for a worker taken from the queue and left asleep would be
     * out of every later signal's reach. Package-private for the test of that case; the signals
     * call it after they move the generation.
     */
    void wakeOne() {
        Sleeper sleeper;
        while ((sleeper = idle.poll()) != null) {
            if (sleeper.state.compareAndSet(IDLE, WOKEN)) {
                LockSupport.unpark(sleeper.thread);
                return;
            }
        }
    }

    /**
     * An idle worker, reserved: it takes no work of its own until {@link Sleeper#hand} gives it
     * the task started for it, or nothing, or {@link Sleeper#release} sends it back to idle; or
     * null when no worker is idle or the signal is closed. Whoever reserves a worker must do one
     * of the two, whatever happens.
     */
    Sleeper reserveIdle() {
        if (closed) {
            return null;
        }
        Sleeper sleeper;
        while ((sleeper = idle.poll()) != null) {
            if (sleeper.state.compareAndSet(IDLE, RESERVED)) {
                return sleeper;
            }
        }
        return null;
    }

    /** How many workers are idle, as far as the queue of them says. */
    int idleCount() {
        return idle.size();
    }

    /** Wakes every waiter for good; a reserved one still waits for its hand. */
    void close() {
        closed = true;
        for (Sleeper sleeper : sleepers) {
            LockSupport.unpark(sleeper.thread);
        }
    }

    /** The calling thread's own way to wait: one per worker, made on the worker's thread. */
    Sleeper sleeper(String worker) {
        Sleeper sleeper = new Sleeper(worker, Thread.currentThread());
        sleepers.add(sleeper);
        return sleeper;
    }

    /** Forgets {@code sleeper}, whose worker has stopped. */
    void remove(Sleeper sleeper) {
        sleepers.remove(sleeper);
    }

    /** What a wait ended with: the signal closed, a task handed over, or neither (look for work). */
    record Wake(boolean closed, Task handed) {
    }

    /** A worker's place among the idle ones. */
    final class Sleeper {

        private final String worker;
        private final Thread thread;
        private final AtomicInteger state = new AtomicInteger(BUSY);
        /** What {@link #hand} gave; read after the state says {@code HANDED}. */
        private volatile Task handed;

        private Sleeper(String worker, Thread thread) {
            this.worker = Objects.requireNonNull(worker, "worker");
            this.thread = thread;
        }

        /** The name of the worker that waits here, by which a task is started for it. */
        String worker() {
            return worker;
        }

        /**
         * Waits until a signal after {@code seen}, at most {@code timeoutMillis}, or until the
         * task started for this reserved worker is handed over; on the worker's thread.
         *
         * @throws InterruptedException if interrupted while idle (not while reserved: the hand
         *         is on its way, and the interrupt is kept for after it)
         */
        Wake await(long seen, long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            boolean interrupted = false;
            state.set(IDLE);
            idle.push(this);
            try {
                while (true) {
                    int now = state.get();
                    if (now == HANDED) {
                        Task task = handed;
                        handed = null;
                        state.set(BUSY);
                        return new Wake(closed, task);
                    }
                    if (now == WOKEN) {
                        state.set(BUSY);
                        return new Wake(closed, null);
                    }
                    if (now == IDLE) {
                        long remaining = deadline - System.nanoTime();
                        interrupted |= Thread.interrupted();
                        if ((generation.get() != seen || closed || remaining <= 0 || interrupted)
                                && state.compareAndSet(IDLE, BUSY)) {
                            // left on its own, not taken from the queue by a signal or a reservation
                            idle.remove(this);
                            if (interrupted) {
                                interrupted = false;
                                throw new InterruptedException();
                            }
                            return new Wake(closed, null);
                        }
                        if (state.get() == IDLE) {
                            LockSupport.parkNanos(this, remaining);
                        }
                    } else if (now == RESERVED) {
                        // reserved: the hand comes, whatever happens to the admission
                        interrupted |= Thread.interrupted();
                        LockSupport.park(this);
                    }
                }
            } finally {
                if (interrupted && state.get() == BUSY) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /**
         * Sends this reserved worker back to idle, as it was, without a look: the admission it
         * was reserved for stored nothing.
         */
        void release() {
            if (!state.compareAndSet(RESERVED, IDLE)) {
                throw new IllegalStateException("Worker " + worker + " was not reserved");
            }
            // queued again before it wakes to look at the generation: a signal meanwhile reaches it either way
            idle.push(this);
            LockSupport.unpark(thread);
        }

        /**
         * Gives this reserved worker {@code started}, a task the store started by its name, or
         * null if none was: it then looks for work as after a signal.
         */
        void hand(Task started) {
            if (started == null) {
                // as a signal of one task for this worker alone: it need not pass the wake-up on
                generation.incrementAndGet();
            }
            handed = started;
            if (!state.compareAndSet(RESERVED, HANDED)) {
                throw new IllegalStateException("Worker " + worker + " was not reserved");
            }
            LockSupport.unpark(thread);
        }
    }
}
