package dev.taskmill.application.service;

import dev.taskmill.application.port.in.FollowTaskEventsUseCase;
import dev.taskmill.application.port.in.TaskEvent;
import dev.taskmill.application.port.out.TaskFeed;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskCondition;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams of task events. While a stream is open (and for {@value #LINGER_MILLIS} ms after
 * the last closed, so that a client that reconnects misses nothing), it follows the engine's
 * feed of changes ({@link TaskFeed#follow}); each change becomes an event numbered
 * {@code <server epoch>-<sequence>}, kept among the last {@code history} for clients that resume
 * ({@code Last-Event-ID}), and queued for each stream whose filter and caller it suits.
 *
 * <p>The engine's threads only number a change and hand it over; one thread of this service's
 * own ({@code taskmill-events}) keeps the history and fills the streams' queues, so that the cost
 * of many streams never lands on a worker. A stream whose queue holds more than {@code maxLag}
 * events is closed with a last event saying so.
 */
public final class TaskEventsService implements FollowTaskEventsUseCase, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TaskEventsService.class.getName());
    /** How many events are kept for clients that resume, unless told otherwise. */
    public static final int DEFAULT_HISTORY = 10_000;
    /** How many events may wait for a stream's client before the stream is closed, unless told otherwise. */
    public static final int DEFAULT_MAX_LAG = 10_000;
    /** How many times a stream's bound the events waiting for the dispatcher may be. */
    static final int BACKLOG_LAGS = 4;
    /** How long the feed is followed after the last stream closed. */
    static final long LINGER_MILLIS = 60_000;

    private final TaskFeed feed;
    private final int history;
    private final int maxLag;
    private final String epoch;

    private final Object producing = new Object();
    /** The last sequence number given; guarded by {@link #producing}. */
    private long sequence;
    /** The events not yet handed to the streams, in order; guarded by {@link #producing}. */
    private ArrayDeque<Numbered> undispatched = new ArrayDeque<>();
    /** Whether events were dropped because the dispatcher fell too far behind; guarded by {@link #producing}. */
    private boolean overrun;

    /** The last {@link #history} events handed out, in order; guarded by this. */
    private final ArrayDeque<Numbered> held = new ArrayDeque<>();
    /** Guarded by this. */
    private final List<Stream> streams = new ArrayList<>();
    /** The feed while followed; guarded by this. */
    private TaskFeed.Subscription following;
    /** The first sequence number of the present following: events before it were not heard; guarded by this. */
    private long followedFrom;
    /** When to stop following, with no stream open; guarded by this. */
    private long lingerUntilNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread dispatcher;

    public TaskEventsService(TaskFeed feed) {
        this(feed, DEFAULT_HISTORY, DEFAULT_MAX_LAG);
    }

    /**
     * @param history how many events are kept for clients that resume, at least 1
     * @param maxLag how many events may wait for a stream's client before it is closed, at least 1
     */
    public TaskEventsService(TaskFeed feed, int history, int maxLag) {
        if (history < 1 || maxLag < 1) {
            throw new IllegalArgumentException("history and maxLag must be at least 1");
        }
        this.feed = Objects.requireNonNull(feed, "feed");
        this.history = history;
        this.maxLag = maxLag;
        this.epoch = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.dispatcher = new Thread(this::dispatch, "taskmill-events");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public FollowTaskEventsUseCase.Stream follow(Caller caller, TaskCondition filter, String lastEventId, Runnable ready) {
        Objects.requireNonNull(ready, "ready");
        Stream stream = new Stream(caller.visible(filter), ready);
        synchronized (this) {
            if (closed.get()) {
                stream.end("the server is stopping");
                return stream;
            }
            if (following == null) {
                held.clear(); // what came while nobody followed was not heard
                synchronized (producing) {
                    followedFrom = sequence + 1;
                }
                following = feed.follow(this::changed);
            }
            if (lastEventId != null) {
                replay(stream, lastEventId);
            }
            streams.add(stream);
        }
        return stream;
    }

    /** Queues the held events after {@code lastEventId} for {@code stream}, or a reset if some are no longer held. */
    private void replay(Stream stream, String lastEventId) {
        long last = sequenceOf(lastEventId);
        long dispatched = held.isEmpty() ? followedFrom - 1 : held.peekLast().sequence();
        long oldest = held.isEmpty() ? followedFrom : held.peekFirst().sequence();
        if (last < 0 || last > dispatched && last > currentSequence() || last + 1 < oldest) {
            stream.offer(TaskEvent.notice(TaskEvent.Type.RESET, last < 0
                    ? "Last-Event-ID " + lastEventId + " is not an event of this server: list the tasks again"
                    : "the events after " + lastEventId + " are no longer held: list the tasks again"));
            return;
        }
        for (Numbered numbered : held) {
            if (numbered.sequence() > last) {
                stream.offerIfSuits(numbered.event());
            }
        }
    }

    private long currentSequence() {
        synchronized (producing) {
            return sequence;
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
     * A change from the feed, on an engine thread: numbered, and handed to the dispatcher. Should
     * the dispatcher fall {@value #BACKLOG_LAGS} times {@code maxLag} events behind (the server cannot keep up with its
     * streams), the events waiting for it are dropped and every stream is closed: memory stays
     * bounded, and clients resume with {@code Last-Event-ID} (or are told to list again).
     */
    private void changed(TaskChange change) {
        synchronized (producing) {
            long number = ++sequence;
            if (undispatched.size() >= BACKLOG_LAGS * maxLag) {
                undispatched.clear();
                overrun = true;
            }
            undispatched.addLast(new Numbered(number, TaskEvent.of(epoch + "-" + number, change)));
            if (undispatched.size() == 1) {
                producing.notifyAll();
            }
        }
    }

    private void dispatch() {
        try {
            while (!closed.get()) {
                ArrayDeque<Numbered> batch;
                boolean dropped;
                synchronized (producing) {
                    if (undispatched.isEmpty()) {
                        producing.wait(1_000);
                    }
                    batch = undispatched;
                    undispatched = new ArrayDeque<>();
                    dropped = overrun;
                    overrun = false;
                }
                synchronized (this) {
                    if (dropped) {
                        held.clear(); // what was dropped is not to be replayed as if nothing was missed
                        followedFrom = batch.isEmpty() ? followedFrom : batch.peekFirst().sequence();
                        for (Stream stream : streams) {
                            stream.end("the server fell more than " + BACKLOG_LAGS * maxLag + " events behind its streams;"
                                    + " resume with Last-Event-ID");
                        }
                        streams.clear();
                        lingerUntilNanos = System.nanoTime() + LINGER_MILLIS * 1_000_000;
                    }
                    for (Numbered numbered : batch) {
                        held.addLast(numbered);
                        if (held.size() > history) {
                            held.removeFirst();
                        }
                        // a stream that fell too far behind ended as it was offered this one
                        if (streams.removeIf(stream -> stream.offerIfSuits(numbered.event())) && streams.isEmpty()) {
                            lingerUntilNanos = System.nanoTime() + LINGER_MILLIS * 1_000_000;
                        }
                    }
                    // each stream that got events is woken once for the batch, not once for each event
                    for (Stream stream : streams) {
                        stream.wakeIfQueued();
                    }
                    stopFollowingIfIdle();
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "The streams of task events stopped", e);
            closeStreams("the server failed to stream events");
        }
    }

    /** With no stream open for {@link #LINGER_MILLIS}, the feed is no longer followed; guarded by this. */
    private void stopFollowingIfIdle() {
        if (following != null && streams.isEmpty() && System.nanoTime() - lingerUntilNanos > 0) {
            following.cancel();
            following = null;
        }
    }

    /** How many streams are open. */
    public synchronized int streamCount() {
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
            dispatcher.interrupt();
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

    private record Numbered(long sequence, TaskEvent event) {
    }

    /** One stream: its filter, its queue and the adapter's wake-up. */
    private final class Stream implements FollowTaskEventsUseCase.Stream {

        private final TaskCondition condition;
        private final Runnable ready;
        private final ConcurrentLinkedQueue<TaskEvent> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        /** Whether its last event is queued: nothing more is. */
        private volatile boolean ended;
        /** Whether events were queued since the adapter was last woken; the dispatcher's alone. */
        private boolean pending;

        Stream(TaskCondition condition, Runnable ready) {
            this.condition = condition;
            this.ready = ready;
        }

        /** Queues {@code event} if it suits the filter; returns whether the stream has ended. */
        boolean offerIfSuits(TaskEvent event) {
            if (condition.test(event.task())) {
                offer(event);
            }
            return ended;
        }

        void offer(TaskEvent event) {
            if (ended) {
                return;
            }
            if (queued.incrementAndGet() > maxLag) {
                queue.clear();
                end("the client fell more than " + maxLag + " events behind; resume with Last-Event-ID");
                return;
            }
            queue.add(event);
            pending = true;
        }

        /** Wakes the adapter if events were queued since the last wake-up. */
        void wakeIfQueued() {
            if (pending) {
                pending = false;
                wake();
            }
        }

        /** Queues the last event, saying {@code why}. */
        void end(String why) {
            ended = true;
            queued.incrementAndGet();
            queue.add(TaskEvent.notice(TaskEvent.Type.CLOSED, why));
            wake();
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
            List<TaskEvent> taken = new ArrayList<>(Math.min(max, 64));
            while (taken.size() < max) {
                TaskEvent event = queue.poll();
                if (event == null) {
                    break;
                }
                taken.add(event);
            }
            queued.addAndGet(-taken.size());
            return taken;
        }

        @Override
        public boolean hasEvents() {
            return !queue.isEmpty();
        }

        @Override
        public void close() {
            ended = true;
            forget(this);
            queue.clear();
        }
    }
}
