package dev.taskmill.adapter.rest;

import dev.taskmill.application.port.in.InvalidCallException;
import jakarta.ws.rs.core.Response;

/** An unknown operation or arguments it refuses: 400. */
final class InvalidCallMapper extends ErrorMapper<InvalidCallException> {

    @Override
    public Response toResponse(InvalidCallException exception) {
        return error(400, exception.getMessage());
    }
}
