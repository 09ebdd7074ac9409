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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.spi.internal.ValueParamProvider;

/**
 * Watches the connections of requests that wait for their answer (a {@code ?wait=} poll):
 * Grizzly reads nothing from a connection while its request is suspended, so it would notice
 * neither a client that closes the connection nor one that sends its next request until the
 * answer is written. This watcher's own thread and selector look for input on those connections
 * without reading it (what a client sent stays for Grizzly to read after the answer), and tell
 * the request once ({@link ClientConnection#whileUnanswered}).
 *
 * <p>Resource methods get it as a {@code @Context ClientConnection} parameter, for the requests
 * the gate marked ({@link #mark}) as it handed them to Jersey. Only the watcher's thread touches
 * its selection keys: a wait that is answered just forgets its watch, whose key goes when the
 * connection next has input or closes, or is taken over by the next wait on the connection.
 */
public final class ClientInput implements ValueParamProvider, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClientInput.class.getName());
    private static final String REQUEST = ClientInput.class.getName() + ".request";
    /** The longest the selector sleeps: a connection Grizzly closes is let go of within it. */
    private static final long IDLE_MILLIS = 1_000;

    private final Selector selector;
    private final Queue<Watch> added = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    public ClientInput() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a selector to watch waiting clients", e);
        }
        thread = new Thread(this::run, "taskmill-client-input");
        thread.setDaemon(true);
        thread.start();
    }

    /** Lets the resource methods serving {@code request} watch its connection. */
    public static void mark(Request request) {
        request.setAttribute(REQUEST, request);
    }

    @Override
    public Function<ContainerRequest, ?> getValueProvider(Parameter parameter) {
        if (parameter.getRawType() != ClientConnection.class || parameter.getSource() != Parameter.Source.CONTEXT) {
            return null;
        }
        // nothing is looked up for a request that does not wait
        return request -> (ClientConnection) (answer, onInput) -> watch(request, answer, onInput);
    }

    @Override
    public PriorityType getPriority() {
        return Priority.HIGH;
    }

    private void watch(ContainerRequest request, CompletionStage<?> answer, Runnable onInput) {
        if (closed || !(request.getProperty(REQUEST) instanceof Request marked)
                || !(marked.getContext().getConnection() instanceof NIOConnection connection)) {
            return;
        }
        Watch watch = new Watch(connection.getChannel(), onInput);
        answer.whenComplete((result, failure) -> watch.done.set(true));
        if (!watch.done.get()) {
            added.add(watch);
            selector.wakeup();
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
            return;
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
    private static final class Watch {

        final SelectableChannel channel;
        final Runnable onInput;
        final AtomicBoolean done = new AtomicBoolean();

        Watch(SelectableChannel channel, Runnable onInput) {
            this.channel = channel;
            this.onInput = onInput;
        }

        void input() {
            if (done.compareAndSet(false, true)) {
                try {
                    onInput.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Telling a waiting request of its client's input failed", e);
                }
            }
        }
    }
}
