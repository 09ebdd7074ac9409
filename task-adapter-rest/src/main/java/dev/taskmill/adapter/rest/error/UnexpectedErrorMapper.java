package dev.taskmill.adapter.rest.error;

import jakarta.ws.rs.core.Response;

/** Anything else is a server fault: logged with its stack trace, answered with a generic 500. */
public final class UnexpectedErrorMapper extends ErrorMapper<Throwable> {

    public static final String MESSAGE = "Internal server error; the server log has the details";

    private static final System.Logger LOG = System.getLogger(UnexpectedErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        LOG.log(System.Logger.Level.ERROR, "Unexpected failure of " + method() + " " + path(), exception);
        return error(500, MESSAGE);
    }
}
