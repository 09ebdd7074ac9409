package dev.taskmill.adapter.rest.http;

import dev.taskmill.adapter.rest.resource.InvalidRequestException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over {@value #MAX_BYTES} bytes with 413, whether their length is
 * announced or they arrive chunked: at most one byte more than the limit is ever read.
 */
@PreMatching
public final class BodySizeLimit implements ContainerRequestFilter {

    public static final int MAX_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        long announced = announcedLength(request);
        if (announced > MAX_BYTES) {
            throw tooLarge();
        }
        if (request.getHeaderString("Transfer-Encoding") == null
                && (request.getHeaderString("Content-Length") == null || announced == 0)) {
            return; // no body (RFC 9112, 6.3): nothing to read, such as for every GET
        }
        InputStream entity = request.getEntityStream();
        if (entity == null) {
            return;
        }
        byte[] body;
        try {
            body = entity.readNBytes(MAX_BYTES + 1);
        } catch (EOFException e) {
            // the client closed the connection before sending the body it announced
            throw InvalidRequestException.badRequest("The request body ended before its announced length");
        }
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private static long announcedLength(ContainerRequestContext request) {
        String header = request.getHeaderString("Content-Length");
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static InvalidRequestException tooLarge() {
        return InvalidRequestException.tooLarge("Request body too large: the limit is 1 MiB (" + MAX_BYTES + " bytes)");
    }
}
