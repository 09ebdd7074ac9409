package dev.taskmill.adapter.rest.error;

import dev.taskmill.application.port.in.InvalidCallException;
import jakarta.ws.rs.core.Response;

/** An unknown operation or arguments it refuses: 400. */
public final class InvalidCallMapper extends ErrorMapper<InvalidCallException> {

    @Override
    public Response toResponse(InvalidCallException exception) {
        return error(400, exception.getMessage());
    }
}
