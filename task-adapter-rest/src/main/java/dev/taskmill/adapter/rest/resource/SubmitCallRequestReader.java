package dev.taskmill.adapter.rest.resource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads the body of {@code POST /v2/tasks/}, the request clients send most, with the wire's
 * {@link ObjectMapper}, as Jersey's Jackson provider would (an empty body is null, which the
 * resource refuses), without that provider's cost per request: it keys its readers by the
 * resource method's annotations and hashes every one of them on every request, as
 * {@link CallReportWriter} says of its writers.
 */
@Consumes(MediaType.APPLICATION_JSON)
public final class SubmitCallRequestReader implements MessageBodyReader<SubmitCallRequest> {

    private final ObjectReader reader;

    public SubmitCallRequestReader(ObjectMapper mapper) {
        this.reader = mapper.readerFor(SubmitCallRequest.class);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == SubmitCallRequest.class;
    }

    @Override
    public SubmitCallRequest readFrom(Class<SubmitCallRequest> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream entityStream)
            throws IOException {
        try (JsonParser parser = reader.createParser(entityStream)) {
            if (parser.nextToken() == null) {
                return null; // no body at all
            }
            return reader.readValue(parser);
        }
    }
}
