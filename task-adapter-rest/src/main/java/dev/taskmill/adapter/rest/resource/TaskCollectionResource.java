package dev.taskmill.adapter.rest.resource;

import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.application.port.in.ListTasksUseCase;
import dev.taskmill.application.port.in.SubmitCallUseCase;
import dev.taskmill.application.port.in.TaskList;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/** The collection of tasks: {@code GET} lists call reports, {@code POST} submits a call. */
@Path("v2/tasks")
@Tag(name = "tasks")
@Produces(MediaType.APPLICATION_JSON + ";charset=utf-8")
public final class TaskCollectionResource {

    private final ListTasksUseCase listTasks;
    private final SubmitCallUseCase submitCall;
    private final String apiRoot;

    public TaskCollectionResource(ListTasksUseCase listTasks, SubmitCallUseCase submitCall, String apiRoot) {
        this.listTasks = listTasks;
        this.submitCall = submitCall;
        this.apiRoot = apiRoot;
    }

    /** One page when {@code limit} is given (with a {@code Link} to the next), else every match. */
    @GET
    @Operation(operationId = "listTasks", summary = "List tasks",
            description = "Waiting and running tasks, oldest first; with state, tasks in those states instead. "
                    + "Without limit every match comes in one answer. A user without read lists only their own "
                    + "tasks. Any other query parameter is a 400.")
    @Parameter(name = "tag", in = ParameterIn.QUERY, description = "only tasks carrying every given tag",
            array = @ArraySchema(schema = @Schema(types = "string")))
    @Parameter(name = "state", in = ParameterIn.QUERY, description = "only tasks in one of these states",
            array = @ArraySchema(schema = @Schema(types = "string",
                    allowableValues = {"waiting", "running", "finished", "error", "canceled", "skipped"})))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "at most this many, with a Link to the next page",
            schema = @Schema(types = "integer", minimum = "1", maximum = "1000"))
    @Parameter(name = "after", in = ParameterIn.QUERY, description = "the cursor of the next page: take it from Link",
            schema = @Schema(types = "integer", minimum = "0"))
    @ApiResponse(responseCode = "200", description = "The matching call reports",
            headers = @Header(name = "Link", description = "rel=\"next\": the next page, while more remain",
                    schema = @Schema(types = "string")),
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = CallReport.class))))
    @ApiResponse(responseCode = "400", description = "A parameter out of range, an unknown state or parameter")
    public Response list(@Context UriInfo uriInfo, @Context Caller caller) {
        ListRequest request = ListRequest.parse(uriInfo.getQueryParameters());
        if (request.everyPage()) {
            return Response.ok(reports(everyMatch(caller, request.firstPage()))).build();
        }
        TaskList page = listTasks.listTasks(caller, request.firstPage());
        Response.ResponseBuilder response = Response.ok(reports(page.tasks()));
        page.next().ifPresent(next -> response.links(Link.fromUri(
                uriInfo.getRequestUriBuilder().replaceQueryParam("after", next).build()).rel("next").build()));
        return response.build();
    }

    /** 202 with the call report of the admitted task, {@code Location} pointing at it. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitCall", summary = "Submit a call",
            description = "The conflict matrix decides on its resource claims: the call is accepted, postponed "
                    + "behind an earlier conflicting task, or rejected (409, nothing queued).")
    @ApiResponse(responseCode = "202", description = "Admitted: the new task's call report",
            headers = @Header(name = "Location", description = "the task's report", schema = @Schema(types = "string")),
            content = @Content(schema = @Schema(implementation = CallReport.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON, an unknown field, operation or argument, "
            + "too many tags or claims, nesting deeper than 32")
    @ApiResponse(responseCode = "403", description = "The create permission is missing")
    @ApiResponse(responseCode = "409", description = "Rejected by the conflict matrix; reasons names the claims")
    @ApiResponse(responseCode = "413", description = "A body over 1 MiB")
    @ApiResponse(responseCode = "415", description = "A body that is not application/json")
    public Response submit(SubmitCallRequest request, @Context Caller caller) {
        if (request == null) {
            throw InvalidRequestException.badRequest("The request body must be one JSON object");
        }
        CallReport report = CallReport.ofSubmitted(submitCall.submit(caller, request.toCommand()), apiRoot);
        // the path as it is: the server resolves no Location header, so it need not be parsed into a URI
        return Response.accepted(report).header(HttpHeaders.LOCATION, report.href()).build();
    }

    private List<Task> everyMatch(Caller caller, ListTasksQuery first) {
        List<Task> tasks = new ArrayList<>();
        ListTasksQuery query = first;
        while (true) {
            TaskList page = listTasks.listTasks(caller, query);
            tasks.addAll(page.tasks());
            // a position that does not advance would loop forever
            if (page.next().isEmpty() || page.next().getAsLong() <= query.after()) {
                return tasks;
            }
            query = new ListTasksQuery(query.filter(), page.next().getAsLong(), query.limit());
        }
    }

    private List<CallReport> reports(List<Task> tasks) {
        return tasks.stream().map(task -> CallReport.fromDomain(task, apiRoot)).toList();
    }
}
