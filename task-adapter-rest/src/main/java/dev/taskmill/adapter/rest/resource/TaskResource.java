package dev.taskmill.adapter.rest.resource;

import dev.taskmill.adapter.rest.auth.BasicAuthentication;
import dev.taskmill.application.port.in.CancelTaskUseCase;
import dev.taskmill.application.port.in.GetTaskUseCase;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.domain.TaskId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;

/** One task: {@code GET} polls its call report, {@code DELETE} cancels it. */
@Path("v2/tasks/{id}")
@Tag(name = "tasks")
@Produces(MediaType.APPLICATION_JSON + ";charset=utf-8")
public final class TaskResource {

    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8");
    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.UTF_8);

    /** 200 with the JSON body {@code null}: a cancel's answer, as the seed says. */
    static Response okNull() {
        return Response.ok(JSON_NULL, JSON).build();
    }

    private final GetTaskUseCase getTask;
    private final CancelTaskUseCase cancelTask;
    private final String apiRoot;

    public TaskResource(GetTaskUseCase getTask, CancelTaskUseCase cancelTask, String apiRoot) {
        this.getTask = getTask;
        this.cancelTask = cancelTask;
        this.apiRoot = apiRoot;
    }

    @GET
    @Operation(operationId = "getTask", summary = "Poll a task", description = "The task's call report.")
    @ApiResponse(responseCode = "200", description = "The call report",
            content = @Content(schema = @Schema(implementation = CallReport.class)))
    @ApiResponse(responseCode = "404", description = "No such task (or not the caller's to read)")
    public CallReport get(@Parameter(description = "the task's id") @PathParam("id") String id, @Context SecurityContext security) {
        return CallReport.fromDomain(getTask.getTask(BasicAuthentication.callerOf(security), parse(id)), apiRoot);
    }

    /** 200 with the JSON body {@code null}, as the seed says; refusals come from the mappers. */
    @DELETE
    @Operation(operationId = "cancelTask", summary = "Cancel a task",
            description = "A waiting task never runs; a running task's operation is told to stop. A task that "
                    + "has already ended is left as it ended, with the same answer.")
    @ApiResponse(responseCode = "200", description = "Canceled, or already ended: the body is null",
            content = @Content(schema = @Schema(types = "null")))
    @ApiResponse(responseCode = "404", description = "No such task (or not the caller's to cancel)")
    @ApiResponse(responseCode = "501", description = "The task runs and its operation cannot be cancelled")
    public Response cancel(@Parameter(description = "the task's id") @PathParam("id") String id,
            @Context SecurityContext security) {
        cancelTask.cancel(BasicAuthentication.callerOf(security), parse(id));
        return okNull();
    }

    private static TaskId parse(String id) {
        try {
            return TaskId.parse(id);
        } catch (IllegalArgumentException e) {
            // an id that cannot exist is simply not found
            throw new TaskNotFoundException(id);
        }
    }
}
