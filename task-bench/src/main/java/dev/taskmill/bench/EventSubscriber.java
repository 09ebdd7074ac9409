package dev.taskmill.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * One client of {@code GET /v2/events/}, reading the stream on the HTTP client's executor (no
 * thread of its own): for each {@code ended} event it notes how long after its task's operation
 * returned the event arrived, from {@link TimedNoOpOperation#RETURNED}.
 *
 * <p>It shares the server's cores, so it reads as little as it can: the bytes as they come, as
 * ISO-8859-1 text (a copy, no decoding), split at the blank lines that end events, and only the
 * {@code ended} events' task ids taken out; no line or event becomes an object of its own.
 */
final class EventSubscriber implements Flow.Subscriber<List<ByteBuffer>> {

    private static final String TASK_ID = "\"task_id\":\"";
    private static final String END_OF_EVENT = "\n\n";
    /** A task id's text: a UUID. */
    private static final int ID_LENGTH = 36;

    private final CountDownLatch opened = new CountDownLatch(1);
    private final Map<String, Long> returned;
    private volatile Flow.Subscription subscription;
    /** The text after the last whole event read; the HTTP client's executor's alone (one at a time). */
    private String rest = "";
    /** Guarded by this. */
    private long[] delaysNanos = new long[1024];
    private int delays;
    private long ended;
    private volatile boolean closed;
    /** Whether the server ended the stream with a {@code closed} event, such as for lagging. */
    private volatile boolean cutOff;

    private EventSubscriber(Map<String, Long> returned) {
        this.returned = returned;
    }

    /** Opens the stream at {@code uri} and returns at once; {@link #awaitOpen} waits for its first line. */
    static EventSubscriber open(HttpClient client, URI uri, Map<String, Long> returned) {
        EventSubscriber subscriber = new EventSubscriber(returned);
        client.sendAsync(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.fromSubscriber(subscriber)).whenComplete((response, failure) -> {
                    if (failure != null || response.statusCode() != 200) {
                        subscriber.closed = true;
                        subscriber.opened.countDown();
                    }
                });
        return subscriber;
    }

    void awaitOpen(Duration atMost) throws InterruptedException {
        if (!opened.await(atMost.toMillis(), TimeUnit.MILLISECONDS) || closed) {
            throw new IllegalStateException("A stream of task events did not open");
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        long now = System.nanoTime();
        opened.countDown();
        int size = 0;
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
        }
        byte[] bytes = new byte[size];
        int filled = 0;
        for (ByteBuffer buffer : buffers) {
            int length = buffer.remaining();
            buffer.get(bytes, filled, length);
            filled += length;
        }
        String read = new String(bytes, StandardCharsets.ISO_8859_1);
        String text = rest.isEmpty() ? read : rest + read;
        int at = 0;
        for (int end = text.indexOf(END_OF_EVENT); end >= 0; end = text.indexOf(END_OF_EVENT, at)) {
            if (text.startsWith("event: ended\n", at)) {
                ended(text, at, end, now);
            } else if (text.startsWith("event: closed\n", at)) {
                cutOff = true;
                closed = true;
            }
            at = end + END_OF_EVENT.length();
        }
        rest = text.substring(at);
    }

    /** The ended event in {@code text} from {@code at} to {@code end} came {@code now}. */
    private void ended(String text, int at, int end, long now) {
        int id = text.indexOf(TASK_ID, at);
        Long returnedAt = id < 0 || id > end ? null
                : returned.get(text.substring(id + TASK_ID.length(), id + TASK_ID.length() + ID_LENGTH));
        synchronized (this) {
            ended++;
            if (returnedAt != null) {
                if (delays == delaysNanos.length) {
                    delaysNanos = Arrays.copyOf(delaysNanos, delays * 2);
                }
                delaysNanos[delays++] = now - returnedAt;
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        closed = true;
    }

    @Override
    public void onComplete() {
        closed = true;
    }

    /** Whether the stream ended: the server closed it (such as for lagging) or it failed. */
    boolean closed() {
        return closed;
    }

    /** Whether the server ended the stream with its last event, {@code closed}. */
    boolean cutOff() {
        return cutOff;
    }

    /** How many {@code ended} events came. */
    synchronized long ended() {
        return ended;
    }

    /** The delays noted since the last call, in nanoseconds; forgets them. */
    synchronized long[] takeDelays() {
        long[] taken = Arrays.copyOf(delaysNanos, delays);
        delays = 0;
        return taken;
    }

    void close() {
        closed = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
