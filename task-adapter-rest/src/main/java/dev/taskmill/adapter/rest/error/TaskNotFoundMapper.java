package dev.taskmill.adapter.rest.error;

import dev.taskmill.application.port.in.TaskNotFoundException;
import jakarta.ws.rs.core.Response;

/** No such task: 404. */
public final class TaskNotFoundMapper extends ErrorMapper<TaskNotFoundException> {

    @Override
    public Response toResponse(TaskNotFoundException exception) {
        return error(404, exception.getMessage());
    }
}
