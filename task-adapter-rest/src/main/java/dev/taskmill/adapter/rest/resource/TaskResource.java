package dev.taskmill.adapter.rest.resource;

import dev.taskmill.adapter.rest.auth.BasicAuthentication;
import dev.taskmill.application.port.in.CancelTaskUseCase;
import dev.taskmill.application.port.in.GetTaskUseCase;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.domain.TaskId;
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
    public CallReport get(@PathParam("id") String id, @Context SecurityContext security) {
        return CallReport.fromDomain(getTask.getTask(BasicAuthentication.callerOf(security), parse(id)), apiRoot);
    }

    /** 200 with the JSON body {@code null}, as the seed says; refusals come from the mappers. */
    @DELETE
    public Response cancel(@PathParam("id") String id, @Context SecurityContext security) {
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
