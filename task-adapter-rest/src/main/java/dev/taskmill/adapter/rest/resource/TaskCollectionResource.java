package dev.taskmill.adapter.rest.resource;

import dev.taskmill.adapter.rest.auth.BasicAuthentication;
import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.application.port.in.ListTasksUseCase;
import dev.taskmill.application.port.in.SubmitCallUseCase;
import dev.taskmill.application.port.in.TaskList;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The collection of tasks: {@code GET} lists call reports, {@code POST} submits a call. */
@Path("v2/tasks")
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
    public Response list(@Context UriInfo uriInfo, @Context SecurityContext security) {
        Caller caller = BasicAuthentication.callerOf(security);
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
    public Response submit(SubmitCallRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw InvalidRequestException.badRequest("The request body must be one JSON object");
        }
        CallReport report = CallReport.ofSubmitted(submitCall.submit(BasicAuthentication.callerOf(security), request.toCommand()), apiRoot);
        return Response.accepted(report).location(URI.create(report.href())).build();
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
