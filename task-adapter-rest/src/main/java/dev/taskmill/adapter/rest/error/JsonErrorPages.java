package dev.taskmill.adapter.rest.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Grizzly's side of the error object: the page Grizzly itself sends for errors outside Jersey,
 * and the answers to requests that never reach Jersey.
 */
public final class JsonErrorPages implements ErrorPageGenerator {

    public static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private final ObjectMapper mapper;

    public JsonErrorPages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description,
            Throwable exception) {
        // set before Grizzly writes the page, which then keeps it instead of text/html
        request.getResponse().setContentType(CONTENT_TYPE);
        String message = reasonPhrase == null || reasonPhrase.isBlank() ? "HTTP status " + status : reasonPhrase;
        return json(ErrorReport.of(status, request.getMethod().getMethodString(), message, request.getRequestURI()));
    }

    /** Answers a request Jersey never sees with the error object. */
    public void send(Request request, Response response, int status, String message) throws IOException {
        String body = json(ErrorReport.of(status, request.getMethod().getMethodString(), message,
                request.getRequestURI()));
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.getWriter().write(body);
    }

    /** The error object as UTF-8 JSON. */
    public byte[] json(int status, String method, String message, String href) {
        return json(ErrorReport.of(status, method, message, href)).getBytes(StandardCharsets.UTF_8);
    }

    private String json(ErrorReport report) {
        try {
            return mapper.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error object", e);
        }
    }
}
