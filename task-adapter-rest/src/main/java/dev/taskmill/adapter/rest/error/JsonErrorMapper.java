package dev.taskmill.adapter.rest.error;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import jakarta.ws.rs.core.Response;

/**
 * JSON the client sent that is malformed or does not fit the request (400); a failure to
 * write JSON or a broken type definition is the server's fault (500).
 */
public final class JsonErrorMapper extends ErrorMapper<JsonProcessingException> {

    private static final System.Logger LOG = System.getLogger(JsonErrorMapper.class.getName());

    @Override
    public Response toResponse(JsonProcessingException exception) {
        if (exception instanceof InvalidDefinitionException || exception.getProcessor() instanceof JsonGenerator) {
            LOG.log(System.Logger.Level.ERROR, "JSON processing failed on the server side of " + method() + " "
                    + path(), exception);
            return error(500, UnexpectedErrorMapper.MESSAGE);
        }
        return error(400, JsonErrorMessages.describe(exception));
    }
}
