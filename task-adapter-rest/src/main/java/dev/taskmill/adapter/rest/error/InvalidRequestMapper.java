package dev.taskmill.adapter.rest.error;

import dev.taskmill.adapter.rest.resource.InvalidRequestException;
import jakarta.ws.rs.core.Response;

/** A request the adapter refused itself: a bad field or parameter (400), a body too large (413). */
public final class InvalidRequestMapper extends ErrorMapper<InvalidRequestException> {

    @Override
    public Response toResponse(InvalidRequestException exception) {
        return error(exception.status(), exception.getMessage());
    }
}
