package dev.taskmill.adapter.rest.error;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.lang.annotation.Annotation;

/**
 * Gives the error object to error responses Jersey builds without an entity, such as its
 * 400 for a request header it cannot parse (a malformed {@code Content-Type}), which it
 * answers before any exception mapper.
 */
public final class ErrorBodies implements ContainerResponseFilter {

    private static final Annotation[] NONE = new Annotation[0];

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity() || request.getMethod().equals("HEAD")) {
            return;
        }
        String method = request.getMethod();
        String path = request.getUriInfo().getRequestUri().getRawPath();
        String message = status == 400 ? "Bad request: a request header cannot be parsed"
                : ErrorWriter.messageOf(status, method, path);
        response.setEntity(ErrorWriter.report(status, method, message, path, null), NONE, ErrorWriter.JSON);
    }
}
