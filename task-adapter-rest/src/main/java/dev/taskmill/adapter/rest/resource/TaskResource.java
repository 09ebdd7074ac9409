package dev.taskmill.adapter.rest.resource;

import dev.taskmill.adapter.rest.auth.BasicAuthentication;
import dev.taskmill.application.port.in.CancelTaskUseCase;
import dev.taskmill.application.port.in.GetTaskUseCase;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.in.WaitForTaskUseCase;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.TaskId;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One task: {@code GET} polls its call report, or with {@code ?wait=<seconds>} answers once the
 * task has ended or the wait is over (no thread waits meanwhile: Jersey suspends the request
 * until the use case's future completes); {@code DELETE} cancels it.
 */
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
    private final WaitForTaskUseCase waitForTask;
    private final CancelTaskUseCase cancelTask;
    private final String apiRoot;

    public TaskResource(GetTaskUseCase getTask, WaitForTaskUseCase waitForTask, CancelTaskUseCase cancelTask,
            String apiRoot) {
        this.getTask = getTask;
        this.waitForTask = waitForTask;
        this.cancelTask = cancelTask;
        this.apiRoot = apiRoot;
    }

    /**
     * The call report, at once or, with {@code wait}, when the task has ended or the wait is
     * over: then a {@link CompletionStage}, which Jersey answers when it completes, suspending
     * the request meanwhile with no thread held (a poll without {@code wait} stays synchronous,
     * as cheap as before). Refusals (404 and 403 before any waiting, 400 for a bad {@code wait})
     * come from the mappers. A client that disconnects while waiting is not noticed (Grizzly
     * reads nothing more from a connection whose request is suspended): its wait is forgotten
     * when it is over, at most {@value WaitForTaskUseCase#MAX_WAIT_SECONDS} s later.
     */
    @GET
    public Object get(@PathParam("id") String id, @QueryParam("wait") String wait, @Context SecurityContext security) {
        Caller caller = BasicAuthentication.callerOf(security);
        TaskId taskId = parse(id);
        if (wait == null) {
            return CallReport.fromDomain(getTask.getTask(caller, taskId), apiRoot);
        }
        CompletableFuture<CallReport> report = new CompletableFuture<>();
        waitForTask.waitForEnd(caller, taskId, waitOf(wait)).whenComplete((task, failure) -> {
            if (failure == null) {
                report.complete(CallReport.fromDomain(task, apiRoot));
            } else {
                report.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
            }
        });
        return report;
    }

    /** The wait {@code text} asks for: whole seconds, 0 to {@value WaitForTaskUseCase#MAX_WAIT_SECONDS}. */
    static Duration waitOf(String text) {
        try {
            int seconds = Integer.parseInt(text);
            if (seconds >= 0 && seconds <= WaitForTaskUseCase.MAX_WAIT_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InvalidRequestException.badRequest("Query parameter " + WaitForTaskUseCase.WAIT_RULE + ", not '"
                + text + "'");
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
