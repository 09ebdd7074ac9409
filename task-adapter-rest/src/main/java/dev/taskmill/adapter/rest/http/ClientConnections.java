package dev.taskmill.adapter.rest.http;

import dev.taskmill.adapter.rest.resource.ClientConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.spi.internal.ValueParamProvider;

/**
 * The Grizzly connections of the requests Jersey serves, as resource methods see them: a
 * {@code @Context ClientConnection} parameter, for the requests the gate hands to Jersey
 * ({@link #serve}: Jersey calls the resource method on the thread the gate calls it on).
 *
 * <p>It watches the connections of requests that wait for their answer (a {@code ?wait=} poll):
 * Grizzly reads nothing from a connection while its request is suspended, so it would notice
 * neither a client that closes the connection nor one that sends its next request until the
 * answer is written. This watcher's own thread and selector look for input on those connections
 * without reading it (what a client sent stays for Grizzly to read after the answer), and tell
 * the request once ({@link ClientConnection#whileUnanswered}). Only the watcher's thread touches
 * its selection keys: a wait that is answered just forgets its watch, whose key goes when the
 * connection next has input or closes, or is taken over by the next wait on the connection.
 *
 * <p>The room to write ({@link ClientConnection#roomToWrite}) is what the connection's write
 * queue may still take before Grizzly makes a writer wait (the listener's most pending bytes).
 */
public final class ClientConnections implements ValueParamProvider, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClientConnections.class.getName());
    /** The connection of the request the gate is handing to Jersey on this thread. */
    private static final ThreadLocal<Connection<?>> SERVING = new ThreadLocal<>();
    /** The longest the selector sleeps: a connection Grizzly closes is let go of within it. */
    private static final long IDLE_MILLIS = 1_000;
    /**
     * Room kept back from a write queue's bound: the few bytes written with a response's data
     * (chunk framing, the line ends between events).
     */
    private static final int FRAMING_ROOM = 4_096;
    /** Threads telling requests of their clients' input at once (created as needed). */
    private static final int TELLERS = 4;
    private static final AtomicInteger TELLER_NUMBERS = new AtomicInteger();

    private final Selector selector;
    private final Queue<Watch> added = new ConcurrentLinkedQueue<>();
    /** Run what a request does on its client's input (it may read the store), off the watching thread. */
    private final ExecutorService tellers = Executors.newFixedThreadPool(TELLERS, runnable -> {
        Thread thread = new Thread(runnable, "taskmill-client-input-teller-" + TELLER_NUMBERS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final Thread thread;
    private volatile boolean closed;

    public ClientConnections() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a selector to watch waiting clients", e);
        }
        thread = new Thread(this::run, "taskmill-client-input");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands {@code request} to {@code jersey}, whose resource methods may then ask for its connection. */
    public static void serve(GrizzlyHttpContainer jersey, Request request, Response response) throws Exception {
        SERVING.set(request.getContext().getConnection());
        try {
            jersey.service(request, response);
        } finally {
            SERVING.remove();
        }
    }

    @Override
    public Function<ContainerRequest, ?> getValueProvider(Parameter parameter) {
        if (parameter.getRawType() != ClientConnection.class || parameter.getSource() != Parameter.Source.CONTEXT) {
            return null;
        }
        return request -> SERVING.get() instanceof NIOConnection connection ? new Watched(connection)
                : ClientConnection.UNWATCHED;
    }

    @Override
    public PriorityType getPriority() {
        return Priority.HIGH;
    }

    /** One request's connection. */
    private final class Watched implements ClientConnection {

        private final NIOConnection connection;

        Watched(NIOConnection connection) {
            this.connection = connection;
        }

        @Override
        public void whileUnanswered(CompletionStage<?> answer, Runnable onInput) {
            if (closed) {
                return;
            }
            Watch watch = new Watch(connection.getChannel(), onInput);
            answer.whenComplete((result, failure) -> watch.answered());
            if (!watch.done.get()) {
                added.add(watch);
                selector.wakeup();
            }
        }

        @Override
        public int roomToWrite() {
            int bound = connection.getMaxAsyncWriteQueueSize();
            return bound < 0 ? Integer.MAX_VALUE
                    : Math.max(0, bound - connection.getAsyncWriteQueue().spaceInBytes() - FRAMING_ROOM);
        }

        @Override
        public boolean allSent() {
            return connection.getAsyncWriteQueue().spaceInBytes() == 0;
        }

        @Override
        public void disconnect() {
            connection.closeSilently();
        }
    }

    private void run() {
        while (!closed) {
            try {
                selector.select(IDLE_MILLIS);
                // input first: what made a key ready may be the request whose watch is added next
                tellInput();
                for (Watch watch = added.poll(); watch != null; watch = added.poll()) {
                    register(watch);
                }
            } catch (ClosedSelectorException e) {
                return; // closed
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Watching waiting clients' connections failed", e);
            }
        }
    }

    private void tellInput() {
        Set<SelectionKey> ready = selector.selectedKeys();
        for (SelectionKey key : ready) {
            key.cancel();
            ((Watch) key.attachment()).input();
        }
        ready.clear();
    }

    /** On the watcher's thread: the watch's channel selected for input, taking over a key left by an earlier wait. */
    private void register(Watch watch) throws IOException {
        if (watch.done.get()) {
            return;
        }
        SelectionKey key = watch.channel.keyFor(selector);
        if (key != null && key.isValid()) {
            key.attach(watch); // an earlier wait on this connection, answered
            if (key.isValid()) {
                return;
            } // else Grizzly closed the connection meanwhile: registering says so
        }
        if (key != null) {
            selector.selectNow(); // the cancelled key leaves the selector
            tellInput();
        }
        try {
            watch.channel.register(selector, SelectionKey.OP_READ, watch);
        } catch (ClosedChannelException e) {
            watch.input(); // closed already
        } catch (CancelledKeyException e) {
            LOG.log(Level.DEBUG, "A waiting client's connection was not watched: {0}", e.toString());
        }
    }

    /** Stops watching; the requests that wait are answered when their waits end. */
    @Override
    public void close() {
        closed = true;
        tellers.shutdown();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Closing the selector of waiting clients failed: {0}", e.toString());
        }
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One waiting request's connection, until its answer or the client's input, whichever is first. */
    private final class Watch {

        final SelectableChannel channel;
        /** Let go of once answered: a key left on an idle connection holds nothing of the request. */
        volatile Runnable onInput;
        final AtomicBoolean done = new AtomicBoolean();

        Watch(SelectableChannel channel, Runnable onInput) {
            this.channel = channel;
            this.onInput = onInput;
        }

        void answered() {
            done.set(true);
            onInput = null;
        }

        /** The client's input: told on the tellers' threads, so that this thread only watches. */
        void input() {
            Runnable told = onInput;
            if (told != null && done.compareAndSet(false, true)) {
                onInput = null;
                try {
                    tellers.execute(told);
                } catch (RejectedExecutionException e) {
                    // closed: the wait ends on its own
                }
            }
        }
    }
}
