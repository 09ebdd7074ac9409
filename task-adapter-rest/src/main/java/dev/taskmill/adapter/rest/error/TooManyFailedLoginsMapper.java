package dev.taskmill.adapter.rest.error;

import dev.taskmill.application.port.in.TooManyFailedLoginsException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** A user paused after too many failed logins: 429, saying when to try again. */
public final class TooManyFailedLoginsMapper extends ErrorMapper<TooManyFailedLoginsException> {

    @Override
    public Response toResponse(TooManyFailedLoginsException exception) {
        long seconds = Math.max(1, (exception.retryAfter().toMillis() + 999) / 1000);
        return Response.fromResponse(error(429, exception.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }
}
