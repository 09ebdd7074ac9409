package dev.taskmill.adapter.rest.resource;

import dev.taskmill.domain.Caller;
import dev.taskmill.application.port.in.CancelTaskGroupUseCase;
import dev.taskmill.application.port.in.GetTaskGroupSummaryUseCase;
import dev.taskmill.application.port.in.SubmitTaskGroupUseCase;
import dev.taskmill.application.port.in.TaskGroupNotFoundException;
import dev.taskmill.domain.TaskGroupId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Task groups: {@code POST} submits calls as one group, {@code GET <id>/state_summary} counts a
 * group's tasks by state, {@code DELETE <id>} cancels what is left of it.
 */
@Path("v2/task_groups")
@Tag(name = "task groups")
@Produces(MediaType.APPLICATION_JSON + ";charset=utf-8")
public final class TaskGroupResource {

    private final SubmitTaskGroupUseCase submitGroup;
    private final GetTaskGroupSummaryUseCase summarizeGroup;
    private final CancelTaskGroupUseCase cancelGroup;
    private final String apiRoot;

    public TaskGroupResource(SubmitTaskGroupUseCase submitGroup, GetTaskGroupSummaryUseCase summarizeGroup,
            CancelTaskGroupUseCase cancelGroup, String apiRoot) {
        this.submitGroup = submitGroup;
        this.summarizeGroup = summarizeGroup;
        this.cancelGroup = cancelGroup;
        this.apiRoot = apiRoot;
    }

    /** 202 with the group's id, its {@code _href} and the tasks it spawned. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitTaskGroup", summary = "Submit calls as one task group",
            description = "Each call is admitted in order, as if submitted alone right after the calls before "
                    + "it; if the conflict matrix rejects any, none is queued.")
    @ApiResponse(responseCode = "202", description = "Admitted: the group and the tasks it spawned",
            content = @Content(schema = @Schema(implementation = TaskGroupReport.class)))
    @ApiResponse(responseCode = "400", description = "No call, more than 1,000, or a call that alone would get a 400")
    @ApiResponse(responseCode = "403", description = "The create permission is missing")
    @ApiResponse(responseCode = "409", description = "A call was rejected: reasons and call_index say which and why")
    public Response submit(SubmitTaskGroupRequest request, @Context Caller caller) {
        if (request == null) {
            throw InvalidRequestException.badRequest("The request body must be one JSON object");
        }
        return Response.accepted(TaskGroupReport.fromDomain(
                submitGroup.submitGroup(caller, request.toCommand()), apiRoot)).build();
    }

    @GET
    @Path("{id}/state_summary")
    @Operation(operationId = "getTaskGroupStateSummary", summary = "Count a task group's tasks by state")
    @ApiResponse(responseCode = "200", description = "How many tasks are in each state, and in all",
            content = @Content(schema = @Schema(implementation = TaskGroupReport.StateSummary.class)))
    @ApiResponse(responseCode = "403", description = "Not the caller's group to read")
    @ApiResponse(responseCode = "404", description = "No such group, or every task of it has passed retention")
    public TaskGroupReport.StateSummary stateSummary(
            @Parameter(description = "the group's id") @PathParam("id") String id, @Context Caller caller) {
        return TaskGroupReport.StateSummary.fromDomain(
                summarizeGroup.summarize(caller, parse(id)));
    }

    /** 200 with the JSON body {@code null}, as for a task; refusals come from the mappers. */
    @DELETE
    @Path("{id}")
    @Operation(operationId = "cancelTaskGroup", summary = "Cancel what is left of a task group",
            description = "Every waiting task, and every running one whose operation can be cancelled, is "
                    + "canceled; the others are left as they are.")
    @ApiResponse(responseCode = "200", description = "Done: the body is null",
            content = @Content(schema = @Schema(types = "null")))
    @ApiResponse(responseCode = "403", description = "Not the caller's group to cancel")
    @ApiResponse(responseCode = "404", description = "No such group")
    public Response cancel(@Parameter(description = "the group's id") @PathParam("id") String id,
            @Context Caller caller) {
        cancelGroup.cancelGroup(caller, parse(id));
        return TaskResource.okNull();
    }

    private static TaskGroupId parse(String id) {
        try {
            return TaskGroupId.parse(id);
        } catch (IllegalArgumentException e) {
            // an id that cannot exist is simply not found
            throw new TaskGroupNotFoundException(id);
        }
    }
}
