package dev.taskmill.adapter.rest.resource;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Events already encoded for the wire (by Jersey's own SSE writer, once for every stream that
 * sends them), handed to an {@link jakarta.ws.rs.sse.SseEventSink} together: the sink writes and
 * flushes once for all of them rather than once for each. To the sink it is one outbound event;
 * its {@link Writer} writes the encoded events one after the other.
 */
public final class EncodedEvents implements OutboundSseEvent {

    private final List<byte[]> frames;

    /**
     * @param frames each one event as Jersey's SSE writer encodes it: its lines, without the blank
     *        line after; the caller's own list, which it no longer changes (not copied: one of these
     *        is made for every write to every stream)
     */
    EncodedEvents(List<byte[]> frames) {
        this.frames = frames;
    }

    @Override
    public Class<?> getType() {
        return EncodedEvents.class;
    }

    @Override
    public Type getGenericType() {
        return EncodedEvents.class;
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.SERVER_SENT_EVENTS_TYPE;
    }

    @Override
    public Object getData() {
        return frames;
    }

    @Override
    public String getId() {
        return null;
    }

    @Override
    public String getName() {
        return null;
    }

    @Override
    public String getComment() {
        return null;
    }

    @Override
    public long getReconnectDelay() {
        return RECONNECT_NOT_SET;
    }

    @Override
    public boolean isReconnectDelaySet() {
        return false;
    }

    /**
     * Writes {@link EncodedEvents} on a stream of Server-Sent Events: each event's bytes, and
     * between two events the line end that ends the first. Jersey's sink puts that line end (its
     * delimiter) after each outbound event, so after the last of these.
     */
    @Provider
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public static final class Writer implements MessageBodyWriter<EncodedEvents> {

        private static final byte END_OF_EVENT = '\n';

        @Override
        public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
            return type == EncodedEvents.class;
        }

        @Override
        public void writeTo(EncodedEvents events, Class<?> type, Type genericType, Annotation[] annotations,
                MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
                throws java.io.IOException {
            // one write of them all: the server sends a write larger than its buffer as it is, without copying it
            int size = events.frames.size() - 1;
            for (byte[] frame : events.frames) {
                size += frame.length;
            }
            byte[] all = new byte[size];
            int at = 0;
            for (byte[] frame : events.frames) {
                if (at > 0) {
                    all[at++] = END_OF_EVENT;
                }
                System.arraycopy(frame, 0, all, at, frame.length);
                at += frame.length;
            }
            entityStream.write(all);
        }
    }
}
