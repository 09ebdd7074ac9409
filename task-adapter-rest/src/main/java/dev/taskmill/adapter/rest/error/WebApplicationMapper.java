package dev.taskmill.adapter.rest.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Jersey's own refusals (no such path, method not allowed, media type not acceptable or not
 * supported, ...) as the contract's error object, keeping their headers such as {@code Allow}.
 */
public final class WebApplicationMapper extends ErrorMapper<WebApplicationException> {

    private static final System.Logger LOG = System.getLogger(WebApplicationMapper.class.getName());

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            LOG.log(System.Logger.Level.ERROR, "Failure of " + method() + " " + path(), exception);
        }
        Response error = error(status, message(status));
        Response.ResponseBuilder response = Response.fromResponse(error);
        original.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    private String message(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Missing resource: " + path();
            case 405 -> "Method " + method() + " is not allowed on " + path();
            case 406 -> "Not acceptable: this API answers with application/json";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type: send the body as application/json";
            default -> {
                Response.StatusType type = Response.Status.fromStatusCode(status);
                yield type == null ? "HTTP status " + status : type.getReasonPhrase();
            }
        };
    }
}
