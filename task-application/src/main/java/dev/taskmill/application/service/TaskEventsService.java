package dev.taskmill.application.service;

import dev.taskmill.application.port.in.FollowTaskEventsUseCase;
import dev.taskmill.application.port.in.TaskEvent;
import dev.taskmill.application.port.out.TaskFeed;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskCondition;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The streams of task events. While a stream is open (and for {@value #LINGER_MILLIS} ms after
 * the last closed, so that a client that reconnects misses nothing), it follows the engine's
 * feed of changes ({@link TaskFeed#follow}); each change becomes an event numbered
 * {@code <server epoch>-<sequence>} in one log of the latest events, the same for every stream.
 *
 * <p>A stream is a position in that log: its adapter reads from there, skipping what its filter
 * and caller do not suit. The feed's thread only numbers a change and puts it in the log, so its
 * cost is the same for one stream or a thousand; one thread of this service's own
 * ({@code taskmill-events}) wakes the streams that have events to read, at once after a quiet
 * spell and then at most every {@value #WAKE_MILLIS} ms, so that a busy stream's events go out
 * several at a time. The log keeps the last {@code history} events for clients that resume
 * ({@code Last-Event-ID}); a stream more than {@code maxLag} events behind it is closed with a
 * last event saying so.
 */
public final class TaskEventsService implements FollowTaskEventsUseCase, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TaskEventsService.class.getName());
    /** How many events are kept for clients that resume, unless told otherwise. */
    public static final int DEFAULT_HISTORY = 10_000;
    /** How far behind the latest event a stream's client may fall before the stream is closed, unless told otherwise. */
    public static final int DEFAULT_MAX_LAG = 10_000;
    /** The least time between two rounds of wake-ups. */
    static final long WAKE_MILLIS = 20;
    /** How long the waker waits for an event at most, to stop following when the last stream is long closed. */
    private static final long IDLE_NANOS = 1_000_000_000L;
    /** How long the feed is followed after the last stream closed. */
    static final long LINGER_MILLIS = 60_000;

    private final TaskFeed feed;
    private final int history;
    private final int maxLag;
    private final String epoch;
    /** Event {@code n} is at {@code n % log.length()} while it is among the last {@code log.length()}. */
    private final AtomicReferenceArray<TaskEvent> log;

    /**
     * The last sequence number given. An event numbered is in the log a moment later: a reader
     * that finds its slot not written yet stops there and reads it at its next wake-up.
     */
    private final AtomicLong sequence = new AtomicLong();
    /**
     * Whether the waker waits, or is about to wait, for an event: the first change to see it
     * clears it and unparks the waker. No lock: the thread telling a change never waits for the waker.
     */
    private final AtomicBoolean wakerIdle = new AtomicBoolean();

    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    /** The feed while followed; guarded by this. */
    private TaskFeed.Subscription following;
    /** The first sequence number of the present following: events before it were not heard; guarded by this. */
    private long followedFrom = 1;
    /** When to stop following, with no stream open; guarded by this. */
    private long lingerUntilNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread waker;

    public TaskEventsService(TaskFeed feed) {
        this(feed, DEFAULT_HISTORY, DEFAULT_MAX_LAG);
    }

    /**
     * @param history how many events are kept for clients that resume, at least 1
     * @param maxLag how far behind the latest event a stream may fall before it is closed, at least 1
     */
    public TaskEventsService(TaskFeed feed, int history, int maxLag) {
        if (history < 1 || maxLag < 1) {
            throw new IllegalArgumentException("history and maxLag must be at least 1");
        }
        this.feed = Objects.requireNonNull(feed, "feed");
        this.history = history;
        this.maxLag = maxLag;
        // a stream up to maxLag behind still finds its next event in the log
        this.log = new AtomicReferenceArray<>(Math.max(history, maxLag) + 1);
        this.epoch = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.waker = new Thread(this::wakeStreams, "taskmill-events");
        waker.setDaemon(true);
        waker.start();
    }

    @Override
    public FollowTaskEventsUseCase.Stream follow(Caller caller, TaskCondition filter, String lastEventId, Runnable ready) {
        Objects.requireNonNull(ready, "ready");
        synchronized (this) {
            if (closed.get()) {
                Stream stream = new Stream(caller.visible(filter), ready, Long.MAX_VALUE);
                stream.end("the server is stopping");
                return stream;
            }
            if (following == null) {
                // what came while nobody followed was not heard
                followedFrom = sequence.get() + 1;
                following = feed.follow(this::changed);
            }
            long next = sequence.get() + 1;
            TaskEvent reset = null;
            if (lastEventId != null) {
                long last = sequenceOf(lastEventId);
                long oldest = Math.max(followedFrom, next - history);
                if (last < 0 || last >= next || last + 1 < oldest) {
                    reset = TaskEvent.notice(TaskEvent.Type.RESET, last < 0
                            ? "Last-Event-ID " + lastEventId + " is not an event of this server: list the tasks again"
                            : "the events after " + lastEventId + " are no longer held: list the tasks again");
                } else {
                    next = last + 1;
                }
            }
            Stream stream = new Stream(caller.visible(filter), ready, next);
            stream.reset = reset;
            streams.add(stream);
            LockSupport.unpark(waker); // it may wait with no stream to wake
            return stream;
        }
    }

    /** The sequence number of one of this server's event ids, or -1. */
    private long sequenceOf(String id) {
        int dash = id.indexOf('-');
        if (dash < 0 || !id.substring(0, dash).equals(epoch)) {
            return -1;
        }
        try {
            long number = Long.parseLong(id.substring(dash + 1));
            return number < 0 ? -1 : number;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A change from the feed: numbered and put in the log, whatever the number of streams, without
     * a lock (the feed tells the changes of one task one after the other).
     */
    private void changed(TaskChange change) {
        long number = sequence.incrementAndGet();
        TaskEvent event = TaskEvent.of(epoch, number, change);
        int slot = slot(number);
        for (TaskEvent there = log.get(slot); there == null || there.number() < number; there = log.get(slot)) {
            if (log.compareAndSet(slot, there, event)) {
                break;
            }
        }
        // else a whole log's worth of later events came first: this one is already beyond every reader
        if (wakerIdle.get() && wakerIdle.compareAndSet(true, false)) {
            LockSupport.unpark(waker);
        }
    }

    /**
     * Whether a stream whose next event is {@code at} is more than {@code maxLag} behind
     * {@code head}, by its own doing: a stream held at an event numbered but not yet written
     * (its engine thread lost the CPU in between) waits for it and is not behind.
     */
    private boolean lagging(long at, long head) {
        return head - at + 1 > maxLag && writtenOrPast(at);
    }

    /** Whether event {@code number} is in the log, or was overwritten by a later one. */
    private boolean writtenOrPast(long number) {
        TaskEvent there = log.get(slot(number));
        return there != null && there.number() >= number;
    }

    private int slot(long number) {
        return (int) (number % log.length());
    }

    /**
     * The waker's loop: the streams that have events to read (or a last event to give) are woken,
     * those too far behind closed; then it waits {@value #WAKE_MILLIS} ms, or for the next event if
     * none is left to read, or, with no stream open, for one to open.
     */
    private void wakeStreams() {
        try {
            while (!closed.get()) {
                long head = sequence.get();
                boolean behind = false;
                for (Stream stream : streams) {
                    behind |= stream.wakeIfBehind(head);
                }
                stopFollowingIfIdle();
                if (streams.isEmpty()) {
                    // nothing to wake: no change wakes the waker, a stream that opens does
                    LockSupport.parkNanos(this, IDLE_NANOS);
                    continue;
                }
                if (!behind) {
                    // set before the last look at the sequence: a change numbered after it sees the flag
                    wakerIdle.set(true);
                    if (sequence.get() == head && !closed.get()) {
                        LockSupport.parkNanos(this, IDLE_NANOS);
                        wakerIdle.set(false);
                        continue; // the first event after a quiet spell goes out without delay
                    }
                    wakerIdle.set(false);
                }
                Thread.sleep(WAKE_MILLIS);
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "The streams of task events stopped", e);
            closeStreams("the server failed to stream events");
        }
    }

    /** With no stream open for {@link #LINGER_MILLIS}, the feed is no longer followed. */
    private synchronized void stopFollowingIfIdle() {
        if (following != null && streams.isEmpty() && System.nanoTime() - lingerUntilNanos > 0) {
            following.cancel();
            following = null;
        }
    }

    /** How many streams are open. */
    public int streamCount() {
        return streams.size();
    }

    /** Whether the feed is followed now. */
    synchronized boolean following() {
        return following != null;
    }

    private synchronized void forget(Stream stream) {
        if (streams.remove(stream) && streams.isEmpty()) {
            lingerUntilNanos = System.nanoTime() + LINGER_MILLIS * 1_000_000;
        }
    }

    /** Every stream ends with a last event saying the server stops; the feed is no longer followed. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeStreams("the server is stopping");
            waker.interrupt();
        }
    }

    private synchronized void closeStreams(String why) {
        for (Stream stream : streams) {
            stream.end(why);
        }
        streams.clear();
        if (following != null) {
            following.cancel();
            following = null;
        }
    }

    /** One stream: its filter, its place in the log and the adapter's wake-up. */
    private final class Stream implements FollowTaskEventsUseCase.Stream {

        private final TaskCondition condition;
        private final Runnable ready;
        /** The sequence number of the next event to read. */
        private volatile long next;
        /** A first event to give before the log's: a reset; guarded by this. */
        private TaskEvent reset;
        /** The last event to give, which ends the stream; nothing is read after it is set. */
        private volatile TaskEvent last;
        /** Whether the last event was taken: nothing more comes; guarded by this. */
        private boolean over;

        Stream(TaskCondition condition, Runnable ready, long next) {
            this.condition = condition;
            this.ready = ready;
            this.next = next;
        }

        /**
         * On the waker's thread: closes the stream if it is more than maxLag behind {@code head};
         * wakes the adapter if there is anything to take. Returns whether there was.
         */
        boolean wakeIfBehind(long head) {
            if (last == null && lagging(next, head)) {
                end(lagged());
            }
            if (last == null && next > head && !hasReset()) {
                return false;
            }
            wake();
            return true;
        }

        private synchronized boolean hasReset() {
            return reset != null;
        }

        private String lagged() {
            return "the client fell more than " + maxLag + " events behind; resume with Last-Event-ID";
        }

        /** Ends the stream with a last event saying {@code why}; what was not read is dropped. */
        void end(String why) {
            if (markEnded(why)) {
                forget(this);
                wake();
            }
        }

        /** Sets the last event unless one is set; returns whether it did. Never calls out: safe under this lock. */
        private synchronized boolean markEnded(String why) {
            if (last != null) {
                return false;
            }
            last = TaskEvent.notice(TaskEvent.Type.CLOSED, why);
            return true;
        }

        private void wake() {
            try {
                ready.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A stream of task events failed to wake", e);
            }
        }

        @Override
        public List<TaskEvent> take(int max) {
            boolean lagged = false;
            List<TaskEvent> taken = new ArrayList<>(Math.min(max, 64));
            synchronized (this) {
                if (over) {
                    return List.of();
                }
                if (reset != null) {
                    taken.add(reset);
                    reset = null;
                }
                long head = sequence.get();
                long at = next;
                if (last == null && lagging(at, head)) {
                    lagged = markEnded(lagged());
                }
                while (last == null && taken.size() < max && at <= head) {
                    TaskEvent event = log.get(slot(at));
                    if (event == null || event.number() < at) {
                        break; // numbered, not in the log yet: read at the next wake-up
                    }
                    if (event.number() > at) {
                        // overwritten before it was read: behind by more than the log holds
                        lagged = markEnded(lagged());
                        break;
                    }
                    at++;
                    if (condition.test(event.task())) {
                        taken.add(event);
                    }
                }
                next = at;
                if (last != null) {
                    over = true;
                    taken.add(last);
                }
            }
            if (lagged) {
                forget(this);
            }
            return taken;
        }

        @Override
        public boolean hasEvents() {
            synchronized (this) {
                if (over) {
                    return false;
                }
            }
            long at = next;
            return last != null || hasReset() || at <= sequence.get() && writtenOrPast(at);
        }

        @Override
        public void close() {
            synchronized (this) {
                over = true;
                if (last == null) {
                    last = TaskEvent.notice(TaskEvent.Type.CLOSED, "the client went away");
                }
            }
            forget(this);
        }
    }
}
