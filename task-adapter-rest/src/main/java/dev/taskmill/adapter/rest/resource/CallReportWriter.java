package dev.taskmill.adapter.rest.resource;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes a {@link CallReport}, the body of the answers clients ask for most (a poll, a wait, a
 * submission), with the wire's {@link ObjectMapper}, as Jersey's Jackson provider would, without
 * that provider's cost per answer: it keys its cache of writers by the resource method's
 * annotations, and hashes every one of them (the OpenAPI ones included) on every answer, about a
 * fifth of a poll's CPU.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class CallReportWriter implements MessageBodyWriter<CallReport> {

    private final ObjectWriter writer;

    public CallReportWriter(ObjectMapper mapper) {
        // the stream is Jersey's to close
        this.writer = mapper.writerFor(CallReport.class).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == CallReport.class;
    }

    /** {@code report} as this writes it, in a new array: for a report written more than once. */
    byte[] encode(CallReport report) {
        try {
            return writer.writeValueAsBytes(report);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A call report could not be written as JSON", e);
        }
    }

    @Override
    public void writeTo(CallReport report, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        writer.writeValue(entityStream, report);
    }
}
