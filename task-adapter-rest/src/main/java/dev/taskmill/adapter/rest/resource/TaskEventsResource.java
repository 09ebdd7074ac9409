package dev.taskmill.adapter.rest.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.taskmill.domain.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.application.port.in.FollowTaskEventsUseCase;
import dev.taskmill.application.port.in.TaskEvent;
import dev.taskmill.domain.SearchField;
import dev.taskmill.domain.TaskCondition;
import dev.taskmill.domain.TaskState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Providers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /v2/events/}: a stream of task events (Server-Sent Events, Jersey's SSE support),
 * each named for what happened ({@code submitted}, {@code started}, {@code progress},
 * {@code ended}, {@code requeued}) with the call report as its JSON {@code data} and an
 * {@code id} to resume after ({@code Last-Event-ID}); {@code reset} and {@code closed} carry
 * {@code {"message": ...}}. Filters: {@code tag} (repeatable, all must be present),
 * {@code state} (repeatable, any) and {@code task_group_id}.
 *
 * <p>No thread waits for an idle stream, nor for a client to read: when the use case wakes a
 * stream that has events to read, one of a few writer threads (as many as the cores) takes up to
 * {@value #BATCH} of them, as many as the connection has room for ({@link
 * ClientConnection#roomToWrite}), writes them as one chunk of the stream, flushed once ({@link
 * EncodedEvents}: each event is encoded by Jersey's SSE writer once, for every stream that sends
 * it), and returns. Events taken that did not fit wait in the stream for the next pass. A client
 * that reads slowly is written to as it reads: while its connection has no room its stream is
 * left (and falls behind, until the use case closes it); one that reads nothing for {@value
 * #STUCK_SECONDS} s while something waits to be sent is disconnected. A comment line goes to
 * every stream every {@value #KEEP_ALIVE_SECONDS} s, so that proxies keep idle streams open and
 * a client that went away is noticed.
 */
@Path("v2/events")
@Tag(name = "tasks")
public final class TaskEventsResource implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TaskEventsResource.class.getName());
    static final long KEEP_ALIVE_SECONDS = 15;
    private static final List<String> PARAMETERS = List.of("state", "tag", "task_group_id");
    /** The most events one pass writes: a stream's share of the writing until it is woken again. */
    private static final int BATCH = 256;
    /** How many events a pass takes at a time, until the connection's room is filled. */
    private static final int TAKE = 16;
    /** How soon a stream is looked at again when it has events taken but not sent. */
    private static final long RETRY_MILLIS = 20;
    /** How long a client may read nothing while something waits to be sent to it. */
    static final long STUCK_SECONDS = 60;
    private static final int WRITERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final Annotation[] NO_ANNOTATIONS = new Annotation[0];

    private final FollowTaskEventsUseCase follow;
    private final ObjectMapper mapper;
    private final String apiRoot;
    private final ExecutorService writers;
    private final ScheduledExecutorService keepAlive;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    public TaskEventsResource(FollowTaskEventsUseCase follow, ObjectMapper mapper, String apiRoot) {
        this.follow = follow;
        this.mapper = mapper;
        this.apiRoot = apiRoot;
        this.writers = Executors.newFixedThreadPool(WRITERS, daemons("taskmill-sse-"));
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(daemons("taskmill-sse-keep-alive-"));
        keepAlive.scheduleWithFixedDelay(() -> open.forEach(Connection::ping), KEEP_ALIVE_SECONDS,
                KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    /** Opens a stream; a bad filter is refused with 400 and the error object before it begins. */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "followTaskEvents", summary = "Follow task events (Server-Sent Events)",
            description = "A text/event-stream: an event per change of a task (submitted, started, progress at most"
                    + " a few times a second, ended, requeued) with its call report as data and an id to resume"
                    + " after with Last-Event-ID; reset (list the tasks again) and closed (the stream ends, data"
                    + " {\"message\"} says why) as needed; a comment line every 15 s. A user without read follows"
                    + " only their own tasks. Any other query parameter is a 400.")
    @Parameter(name = "tag", in = ParameterIn.QUERY, description = "only tasks carrying every given tag",
            array = @ArraySchema(schema = @Schema(types = "string")))
    @Parameter(name = "state", in = ParameterIn.QUERY, description = "only tasks in one of these states",
            array = @ArraySchema(schema = @Schema(types = "string",
                    allowableValues = {"waiting", "running", "finished", "error", "canceled", "skipped"})))
    @Parameter(name = "task_group_id", in = ParameterIn.QUERY, description = "only the tasks of this group",
            schema = @Schema(types = "string"))
    @ApiResponse(responseCode = "200", description = "The stream of events, each as the TaskEvent schema says",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(ref = "#/components/schemas/TaskEvent")))
    @ApiResponse(responseCode = "400", description = "An unknown state or parameter, a repeated task_group_id")
    public void events(@Context UriInfo uri,
            @Parameter(description = "the id of the last event seen, to resume after it")
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Caller caller, @Context SseEventSink sink, @Context Sse sse,
            @Context Providers providers, @Context ClientConnection client) {
        TaskCondition filter = filter(uri);
        Connection connection = new Connection(sink, sse, providers.getMessageBodyWriter(OutboundSseEvent.class,
                OutboundSseEvent.class, NO_ANNOTATIONS, MediaType.SERVER_SENT_EVENTS_TYPE), client);
        open.add(connection); // before the stream, which may end it at once
        connection.stream = follow.follow(caller, filter,
                lastEventId == null || lastEventId.isBlank() ? null : lastEventId.strip(), connection::wake);
        connection.comment("taskmill events"); // the headers go at once, whatever comes next
        connection.wake();
    }

    private static TaskCondition filter(UriInfo uri) {
        var query = uri.getQueryParameters();
        ListRequest.requireOnly(query, PARAMETERS);
        List<TaskCondition> parts = new ArrayList<>();
        Set<dev.taskmill.domain.Tag> tags = ListRequest.tags(query);
        if (!tags.isEmpty()) {
            parts.add(new TaskCondition.ContainsAll(SearchField.TAGS, tags.stream().map(dev.taskmill.domain.Tag::value).toList()));
        }
        Set<TaskState> states = ListRequest.states(query);
        if (!states.isEmpty()) {
            parts.add(new TaskCondition.OneOf(SearchField.STATE,
                    states.stream().map(state -> (Object) state.wireName()).toList()));
        }
        String group = ListRequest.single(query, "task_group_id");
        if (group != null) {
            parts.add(new TaskCondition.Equal(SearchField.TASK_GROUP_ID, group));
        }
        return new TaskCondition.All(parts);
    }

    /** How many streams are open. */
    public int openStreams() {
        return open.size();
    }

    /** Stops writing; the streams were told the server stops ({@code closed}) by the use case. */
    @Override
    public void close() {
        keepAlive.shutdownNow();
        writers.shutdown();
        try {
            writers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writers.shutdownNow();
        open.forEach(Connection::end);
    }

    /** The text of {@code event} on the wire: its data, made once for every stream that sends it. */
    private String data(TaskEvent event) {
        try {
            return event.task() != null
                    ? mapper.writeValueAsString(CallReport.fromDomain(event.task(), apiRoot))
                    : mapper.writeValueAsString(Map.of("message", event.message()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A task event could not be written as JSON", e);
        }
    }

    /** One client's stream: its sink, and at most one pass writing to it at a time. */
    private final class Connection {

        private final SseEventSink sink;
        private final Sse sse;
        /** Jersey's writer of an event on the wire. */
        private final MessageBodyWriter<OutboundSseEvent> encoder;
        private final ClientConnection client;
        private final AtomicBoolean writing = new AtomicBoolean();
        /** Whether a pass was asked for since the last one began: a wake-up during a pass is not lost. */
        private final AtomicBoolean wanted = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicInteger pings = new AtomicInteger();
        /** Events taken and encoded that did not fit in the connection's room; the writing pass's alone. */
        private final ArrayDeque<byte[]> unsent = new ArrayDeque<>();
        /** Whether the last event taken is the stream's last ({@code closed}); the writing pass's alone. */
        private boolean last;
        /** Since when the connection has had no room for what waits to be sent, or 0; the writing pass's alone. */
        private long stuckSince;
        private volatile FollowTaskEventsUseCase.Stream stream;

        Connection(SseEventSink sink, Sse sse, MessageBodyWriter<OutboundSseEvent> encoder, ClientConnection client) {
            this.sink = sink;
            this.sse = sse;
            this.encoder = encoder;
            this.client = client;
        }

        /** Events wait (or a comment is due): a pass is scheduled, or the running one is followed by another. */
        void wake() {
            wanted.set(true);
            if (stream != null && !ended.get() && writing.compareAndSet(false, true)) {
                try {
                    writers.execute(this::write);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    writing.set(false); // stopping
                }
            }
        }

        void ping() {
            pings.incrementAndGet();
            wake();
        }

        /**
         * A pass: the keep-alive comment if one is due, then what was taken before and not sent,
         * then up to {@value #BATCH} events, as many as the connection has room for, written and
         * flushed together. What is left waits for the next wake-up.
         */
        private void write() {
            boolean retry = false;
            wanted.set(false);
            try {
                int room = client.roomToWrite();
                boolean sent = false;
                if (pings.get() > 0 && room > 0) {
                    pings.set(0);
                    comment("keep-alive");
                    sent = true;
                    room = client.roomToWrite();
                }
                List<byte[]> frames = new ArrayList<>();
                // an event larger than the room goes alone, once nothing else waits to be sent
                boolean oneLarge = client.allSent();
                int size = moveFitting(frames, 0, room, oneLarge);
                for (int taken = 0; unsent.isEmpty() && !last && !ended.get() && taken < BATCH && size < room; ) {
                    List<TaskEvent> events = stream.take(Math.min(TAKE, BATCH - taken));
                    if (events.isEmpty()) {
                        break;
                    }
                    taken += events.size();
                    for (TaskEvent event : events) {
                        unsent.add(event.id() == null ? frame(event) : event.rendered(this::frame));
                        last |= event.type() == TaskEvent.Type.CLOSED;
                    }
                    size = moveFitting(frames, size, room, oneLarge);
                }
                if (!frames.isEmpty()) {
                    deliver(new EncodedEvents(frames));
                    sent = true;
                }
                if (sent) {
                    stuckSince = 0;
                }
                if (last && unsent.isEmpty()) {
                    end();
                } else if (!unsent.isEmpty() || (room == 0 || size >= room) && (pings.get() > 0 || stream.hasEvents())) {
                    retry = !stuck(); // no room for what waits: looked at again soon
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "A stream of task events ended: {0}", e.toString());
                end();
            } finally {
                writing.set(false);
            }
            if (retry) {
                try {
                    keepAlive.schedule(this::wake, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // stopping
                }
            } else if (wanted.get()) {
                wake(); // asked for while this pass ran (events, the last one, a keep-alive)
            }
        }

        /**
         * Moves the frames waiting in {@link #unsent}, oldest first, to {@code frames} while they fit
         * in {@code room} beside the {@code size} bytes already there (the first alone may be larger,
         * if {@code oneLarge}); returns the bytes in {@code frames}.
         */
        private int moveFitting(List<byte[]> frames, int size, int room, boolean oneLarge) {
            while (!unsent.isEmpty() && (size + unsent.peek().length <= room || frames.isEmpty() && oneLarge)) {
                size += unsent.peek().length;
                frames.add(unsent.poll());
            }
            return size;
        }

        /** Nothing could be sent: whether the client has read nothing for too long, and is disconnected. */
        private boolean stuck() {
            long now = System.nanoTime();
            if (stuckSince == 0) {
                stuckSince = now;
            } else if (now - stuckSince > TimeUnit.SECONDS.toNanos(STUCK_SECONDS)) {
                LOG.log(Level.DEBUG, "A client of task events read nothing for {0} s: disconnected", STUCK_SECONDS);
                end();
                client.disconnect();
                return true;
            }
            return false;
        }

        /** {@code event} as Jersey's SSE writer puts it on the wire: its name, id and JSON data. */
        private byte[] frame(TaskEvent event) {
            OutboundSseEvent.Builder builder = sse.newEventBuilder().name(event.type().wireName())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, data(event));
            if (event.id() != null) {
                builder.id(event.id());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            try {
                encoder.writeTo(builder.build(), OutboundSseEvent.class, OutboundSseEvent.class, NO_ANNOTATIONS,
                        MediaType.SERVER_SENT_EVENTS_TYPE, new MultivaluedHashMap<>(), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // not thrown: the stream is in memory
            }
            return out.toByteArray();
        }

        void comment(String text) {
            deliver(sse.newEventBuilder().comment(text).build());
        }

        private void deliver(OutboundSseEvent event) {
            if (sink.isClosed()) {
                throw new IllegalStateException("the client went away");
            }
            sink.send(event).toCompletableFuture().whenComplete((done, failure) -> {
                if (failure != null) {
                    end();
                }
            });
        }

        /** The stream is over: the use case forgets it, and the connection is closed. */
        void end() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            open.remove(this);
            FollowTaskEventsUseCase.Stream current = stream;
            if (current != null) {
                current.close();
            }
            try {
                sink.close();
            } catch (java.io.IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Closing a stream of task events failed: {0}", e.toString());
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemons(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
