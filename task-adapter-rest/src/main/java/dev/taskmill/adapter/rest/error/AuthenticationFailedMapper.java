package dev.taskmill.adapter.rest.error;

import dev.taskmill.application.port.in.AuthenticationFailedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Missing or wrong credentials: 401, asking for HTTP Basic. */
public final class AuthenticationFailedMapper extends ErrorMapper<AuthenticationFailedException> {

    static final String CHALLENGE = "Basic realm=\"taskmill\"";

    @Override
    public Response toResponse(AuthenticationFailedException exception) {
        return Response.fromResponse(error(401, exception.getMessage()))
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .build();
    }
}
