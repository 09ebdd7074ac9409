package dev.taskmill.adapter.rest.error;

import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.TaskDomainException;
import dev.taskmill.domain.TaskNotCancellableException;
import jakarta.ws.rs.core.Response;

/**
 * The domain refused: a rejected call or a cancel of a terminal task is a conflict (409),
 * a cancel the operation cannot honour is not implemented for it (501).
 */
public final class DomainRefusalMapper extends ErrorMapper<TaskDomainException> {

    @Override
    public Response toResponse(TaskDomainException exception) {
        if (exception instanceof CallRejectedException rejected) {
            return conflict(rejected.getMessage(), rejected.reasons());
        }
        if (exception instanceof TaskNotCancellableException) {
            return error(501, exception.getMessage());
        }
        return error(409, exception.getMessage());
    }
}
