package dev.taskmill.adapter.rest.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.adapter.rest.resource.ResourceClaimBody;
import dev.taskmill.domain.CallRejectedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one writer of the contract's error object: as the entity of a Jersey response, and as
 * JSON text for the answers Grizzly sends without Jersey.
 */
public final class ErrorWriter {

    /** The content type of every error object. */
    public static final String CONTENT_TYPE = "application/json;charset=utf-8";

    static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8");

    private final ObjectMapper mapper;

    /** @param mapper the wire's mapper, which writes the object's snake_case keys */
    public ErrorWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** What an error that brings no message of its own says, by its status. */
    public static String messageOf(int status, String method, String path) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Missing resource: " + path;
            case 405 -> "Method " + method + " is not allowed on " + path;
            case 406 -> "Not acceptable: this API answers with application/json";
            case 415 -> "Unsupported media type: send the body as application/json";
            default -> {
                Response.StatusType type = Response.Status.fromStatusCode(status);
                yield type == null ? "HTTP status " + status : type.getReasonPhrase();
            }
        };
    }

    /** The error object as JSON text. */
    public String json(int status, String method, String message, String href) {
        try {
            return mapper.writeValueAsString(report(status, method, message, href, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error object", e);
        }
    }

    /** A response whose entity is the error object, for Jersey to write. */
    static Response.ResponseBuilder response(int status, String method, String href, String message,
            CallRejectedException rejection) {
        return Response.status(status).entity(report(status, method, message, href, rejection)).type(JSON);
    }

    /**
     * @param rejection for a rejected call, whose conflicting claims become {@code reasons} and,
     *        in a task group, whose index becomes {@code call_index}; null for any other error
     */
    static ErrorReport report(int status, String method, String message, String href,
            CallRejectedException rejection) {
        if (rejection == null) {
            return new ErrorReport(status, method, message, href, null, null);
        }
        return new ErrorReport(status, method, message, href,
                rejection.reasons().stream().map(ResourceClaimBody::fromDomain).toList(),
                rejection.callIndex().isPresent() ? rejection.callIndex().getAsInt() : null);
    }
}
