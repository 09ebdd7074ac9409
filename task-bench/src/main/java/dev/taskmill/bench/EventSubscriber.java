package dev.taskmill.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * One client of {@code GET /v2/events/}, reading the stream as lines on the HTTP client's
 * executor (no thread of its own): for each {@code ended} event it notes how long after its
 * task's operation returned the event arrived, from {@link TimedNoOpOperation#RETURNED}.
 */
final class EventSubscriber implements Flow.Subscriber<String> {

    private static final String TASK_ID = "\"task_id\":\"";
    /** A task id's text: a UUID. */
    private static final int ID_LENGTH = 36;

    private final CountDownLatch opened = new CountDownLatch(1);
    private final Map<String, Long> returned;
    private volatile Flow.Subscription subscription;
    private String name;
    private String data;
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
                HttpResponse.BodyHandlers.fromLineSubscriber(subscriber)).whenComplete((response, failure) -> {
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
    public void onNext(String line) {
        long now = System.nanoTime();
        opened.countDown();
        if (line.isEmpty()) {
            dispatch(now);
        } else if (line.startsWith("event:")) {
            name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
            data = line.substring(5);
        }
    }

    private void dispatch(long now) {
        if ("ended".equals(name) && data != null) {
            int at = data.indexOf(TASK_ID);
            Long end = at < 0 ? null : returned.get(data.substring(at + TASK_ID.length(),
                    at + TASK_ID.length() + ID_LENGTH));
            synchronized (this) {
                ended++;
                if (end != null) {
                    if (delays == delaysNanos.length) {
                        delaysNanos = Arrays.copyOf(delaysNanos, delays * 2);
                    }
                    delaysNanos[delays++] = now - end;
                }
            }
        } else if ("closed".equals(name)) {
            cutOff = true;
            closed = true;
        }
        name = null;
        data = null;
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
