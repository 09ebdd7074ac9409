package dev.taskmill.adapter.rest.error;

import dev.taskmill.adapter.rest.resource.ResourceClaimBody;
import dev.taskmill.domain.ResourceClaim;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

/** Base of the exception mappers: turns a refusal into the contract's error object. */
public abstract class ErrorMapper<E extends Throwable> implements ExceptionMapper<E> {

    static final MediaType JSON_UTF8 = MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8");

    @Context
    private UriInfo uriInfo;

    @Context
    private Request request;

    final Response error(int status, String message) {
        return respond(status, ErrorReport.of(status, method(), message, path()));
    }

    final Response conflict(String message, List<ResourceClaim> reasons) {
        int status = Response.Status.CONFLICT.getStatusCode();
        return respond(status, new ErrorReport(status, method(), message, path(),
                reasons.stream().map(ResourceClaimBody::fromDomain).toList()));
    }

    final String path() {
        return uriInfo.getRequestUri().getRawPath();
    }

    final String method() {
        return request.getMethod();
    }

    private static Response respond(int status, ErrorReport report) {
        return Response.status(status).entity(report).type(JSON_UTF8).build();
    }
}
