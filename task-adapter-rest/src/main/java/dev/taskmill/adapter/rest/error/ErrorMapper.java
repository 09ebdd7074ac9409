package dev.taskmill.adapter.rest.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.taskmill.application.port.in.AuthenticationFailedException;
import dev.taskmill.application.port.in.RetryLaterException;
import dev.taskmill.domain.CallRejectedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.function.BiConsumer;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Every exception a request ends in, as the error object: the status and what the client
 * is told come from {@link ErrorStatus}; server faults are logged, never described.
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    /** What the client learns of a server fault. */
    public static final String SERVER_FAULT = "Internal server error; the server log has the details";

    private static final String CHALLENGE = "Basic realm=\"taskmill\"";
    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

    @Context
    private UriInfo uriInfo;

    @Context
    private Request request;

    @Override
    public Response toResponse(Throwable exception) {
        ErrorStatus.Verdict verdict = ErrorStatus.of(exception);
        String method = request.getMethod();
        String path = uriInfo.getRequestUri().getRawPath();
        if (verdict.status() >= 500 && verdict.message() != ErrorStatus.Message.OWN) {
            LOG.log(System.Logger.Level.ERROR, "Failure of " + method + " " + path, exception);
        }
        String message = switch (verdict.message()) {
            case OWN -> exception.getMessage();
            case OF_STATUS -> ErrorWriter.messageOf(verdict.status(), method, path);
            case OF_JSON -> JsonErrorMessages.describe((JsonProcessingException) exception);
            case NONE -> SERVER_FAULT;
        };
        CallRejectedException rejection = exception instanceof CallRejectedException rejected ? rejected : null;
        Response.ResponseBuilder response = ErrorWriter.response(verdict.status(), method, path, message, rejection);
        addHeaders(exception, response);
        return response.build();
    }

    /**
     * The status and headers the API answers {@code exception} with, for a handler outside Jersey
     * (such as {@code /metrics}) that refuses as the API does: the headers go to {@code header},
     * the status is returned.
     */
    public static int statusAndHeaders(Throwable exception, BiConsumer<String, String> header) {
        refusalHeaders(exception, header);
        return ErrorStatus.of(exception).status();
    }

    /** The headers a refusal asks for: the login challenge, or when to try again. */
    private static boolean refusalHeaders(Throwable exception, BiConsumer<String, String> header) {
        if (exception instanceof AuthenticationFailedException) {
            header.accept(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            return true;
        }
        if (exception instanceof RetryLaterException later) {
            header.accept(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (later.retryAfter().toMillis() + 999) / 1000)));
            return true;
        }
        return false;
    }

    private static void addHeaders(Throwable exception, Response.ResponseBuilder response) {
        if (refusalHeaders(exception, response::header)) {
            return;
        }
        if (exception instanceof WebApplicationException jersey) {
            // Jersey's own headers, such as Allow on a 405
            jersey.getResponse().getStringHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(value -> response.header(name, value));
                }
            });
        }
    }
}
