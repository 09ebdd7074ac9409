package dev.taskmill.adapter.rest.http;

import dev.taskmill.adapter.rest.error.ErrorWriter;
import java.io.IOException;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Grizzly's side of the error object: the page Grizzly itself sends for errors outside Jersey,
 * and the answers to requests that never reach Jersey.
 */
public final class JsonErrorPages implements ErrorPageGenerator {

    private final ErrorWriter writer;

    public JsonErrorPages(ErrorWriter writer) {
        this.writer = writer;
    }

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description,
            Throwable exception) {
        // set before Grizzly writes the page, which then keeps it instead of text/html
        request.getResponse().setContentType(ErrorWriter.CONTENT_TYPE);
        String method = request.getMethod().getMethodString();
        String path = request.getRequestURI();
        return writer.json(status, method, ErrorWriter.messageOf(status, method, path), path);
    }

    /** Answers a request Jersey never sees with the error object that says what its status means. */
    /**
     * Whether the request is a {@code GET} or {@code HEAD}, the only methods of the paths answered
     * outside Jersey; any other is answered here, {@code 405} with {@code Allow}.
     */
    boolean getOrHead(Request request, Response response) throws IOException {
        String method = request.getMethod().getMethodString();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        response.setHeader(org.glassfish.grizzly.http.util.Header.Allow, "GET, HEAD");
        send(request, response, 405);
        return false;
    }

    void send(Request request, Response response, int status) throws IOException {
        send(request, response, status, ErrorWriter.messageOf(status, request.getMethod().getMethodString(),
                request.getRequestURI()));
    }

    /** Answers a request Jersey never sees with the error object. */
    void send(Request request, Response response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(ErrorWriter.CONTENT_TYPE);
        response.getWriter().write(writer.json(status, request.getMethod().getMethodString(), message,
                request.getRequestURI()));
    }
}
