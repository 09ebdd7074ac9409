package dev.taskmill.adapter.rest.resource;

import dev.taskmill.adapter.rest.auth.BasicAuthentication;
import dev.taskmill.application.port.in.CancelTaskGroupUseCase;
import dev.taskmill.application.port.in.GetTaskGroupSummaryUseCase;
import dev.taskmill.application.port.in.SubmitTaskGroupUseCase;
import dev.taskmill.application.port.in.TaskGroupNotFoundException;
import dev.taskmill.domain.TaskGroupId;
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
import jakarta.ws.rs.core.SecurityContext;

/**
 * Task groups: {@code POST} submits calls as one group, {@code GET <id>/state_summary} counts a
 * group's tasks by state, {@code DELETE <id>} cancels what is left of it.
 */
@Path("v2/task_groups")
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
    public Response submit(SubmitTaskGroupRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw InvalidRequestException.badRequest("The request body must be one JSON object");
        }
        return Response.accepted(TaskGroupReport.fromDomain(
                submitGroup.submitGroup(BasicAuthentication.callerOf(security), request.toCommand()), apiRoot)).build();
    }

    @GET
    @Path("{id}/state_summary")
    public TaskGroupReport.StateSummary stateSummary(@PathParam("id") String id, @Context SecurityContext security) {
        return TaskGroupReport.StateSummary.fromDomain(
                summarizeGroup.summarize(BasicAuthentication.callerOf(security), parse(id)));
    }

    /** 200 with the JSON body {@code null}, as for a task; refusals come from the mappers. */
    @DELETE
    @Path("{id}")
    public Response cancel(@PathParam("id") String id, @Context SecurityContext security) {
        cancelGroup.cancelGroup(BasicAuthentication.callerOf(security), parse(id));
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
