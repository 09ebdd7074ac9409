package dev.taskmill.adapter.rest.error;

import dev.taskmill.domain.AccessDeniedException;
import jakarta.ws.rs.core.Response;

/** An authenticated caller without the permission the request needs: 403. */
public final class AccessDeniedMapper extends ErrorMapper<AccessDeniedException> {

    @Override
    public Response toResponse(AccessDeniedException exception) {
        return error(403, exception.getMessage());
    }
}
