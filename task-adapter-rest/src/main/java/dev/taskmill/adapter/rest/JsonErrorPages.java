package dev.taskmill.adapter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Grizzly's side of the error object: the page Grizzly itself sends for errors outside Jersey,
 * and the handler that answers 404 for every path outside the API root.
 */
final class JsonErrorPages implements ErrorPageGenerator {

    private static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private final ObjectMapper mapper;

    JsonErrorPages(ObjectMapper mapper) {
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

    /** Answers every request it gets with the JSON 404. */
    HttpHandler notFoundHandler() {
        return new HttpHandler("taskmill-not-found") {
            @Override
            public void service(Request request, Response response) throws Exception {
                String path = request.getRequestURI();
                String body = json(ErrorReport.of(404, request.getMethod().getMethodString(),
                        "Missing resource: " + path, path));
                response.setStatus(404);
                response.setContentType(CONTENT_TYPE);
                response.getWriter().write(body);
            }
        };
    }

    private String json(ErrorReport report) {
        try {
            return mapper.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error object", e);
        }
    }
}
