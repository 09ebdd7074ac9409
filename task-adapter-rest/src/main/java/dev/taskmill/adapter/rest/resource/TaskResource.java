package dev.taskmill.adapter.rest.resource;

import dev.taskmill.application.port.in.CancelTaskUseCase;
import dev.taskmill.application.port.in.GetTaskUseCase;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.application.port.in.WaitForTaskUseCase;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One task: {@code GET} polls its call report, or with {@code ?wait=<seconds>} answers once the
 * task has ended or the wait is over (no thread waits meanwhile: Jersey suspends the request
 * until the use case's future completes); {@code DELETE} cancels it.
 */
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
    private final WaitForTaskUseCase waitForTask;
    private final CancelTaskUseCase cancelTask;
    private final EncodedReports reports;

    public TaskResource(GetTaskUseCase getTask, WaitForTaskUseCase waitForTask, CancelTaskUseCase cancelTask,
            EncodedReports reports) {
        this.getTask = getTask;
        this.waitForTask = waitForTask;
        this.cancelTask = cancelTask;
        this.reports = reports;
    }

    /**
     * The call report, at once or, with {@code wait}, when the task has ended or the wait is
     * over: then a {@link CompletionStage}, which Jersey answers when it completes, suspending
     * the request meanwhile with no thread held (a poll without {@code wait} stays synchronous,
     * as cheap as before). Refusals (404 and 403 before any waiting, 400 for a bad {@code wait})
     * come from the mappers. A client that closes the connection while waiting, or sends more on
     * it (its next request), ends the wait at once: it is forgotten, and the report as it is now
     * answers (written to a client still there).
     */
    @GET
    @Operation(operationId = "getTask", summary = "Poll a task, or wait for its end",
            description = "The task's call report; with wait, once the task has ended or the wait is over.")
    @ApiResponse(responseCode = "200", description = "The call report",
            content = @Content(schema = @Schema(implementation = CallReport.class)))
    @ApiResponse(responseCode = "400", description = "A wait that is not whole seconds in range")
    @ApiResponse(responseCode = "404", description = "No such task (or not the caller's to read)")
    public Object get(@Parameter(description = "the task's id") @PathParam("id") String id,
            @Parameter(description = "answer once the task has ended, or after this many seconds (0 to "
                    + WaitForTaskUseCase.MAX_WAIT_SECONDS + ")", schema = @Schema(types = "integer", minimum = "0",
                    maximum = "" + WaitForTaskUseCase.MAX_WAIT_SECONDS)) @QueryParam("wait") String wait,
            @Context Caller caller, @Context ClientConnection connection) {
        TaskId taskId = parse(id);
        if (wait == null) {
            return reports.of(getTask.getTask(caller, taskId));
        }
        CompletableFuture<byte[]> report = new CompletableFuture<>();
        CompletableFuture<Task> ended = waitForTask.waitForEnd(caller, taskId, waitOf(wait));
        ended.whenComplete((task, failure) -> {
            if (failure == null) {
                encode(task, report);
            } else if (failure instanceof CancellationException) {
                reportNow(caller, taskId, report); // the client's input ended the wait
            } else {
                report.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
            }
        });
        connection.whileUnanswered(report, () -> ended.cancel(false));
        return report;
    }

    private void reportNow(Caller caller, TaskId taskId, CompletableFuture<byte[]> report) {
        try {
            encode(getTask.getTask(caller, taskId), report);
        } catch (RuntimeException e) {
            report.completeExceptionally(e);
        }
    }

    /** Completes {@code report} with {@code task}'s, or with the failure to encode it (a 500, not a hang). */
    private void encode(Task task, CompletableFuture<byte[]> report) {
        try {
            report.complete(reports.of(task));
        } catch (RuntimeException e) {
            report.completeExceptionally(e);
        }
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
    @Operation(operationId = "cancelTask", summary = "Cancel a task",
            description = "A waiting task never runs; a running task's operation is told to stop. A task that "
                    + "has already ended is left as it ended, with the same answer.")
    @ApiResponse(responseCode = "200", description = "Canceled, or already ended: the body is null",
            content = @Content(schema = @Schema(types = "null")))
    @ApiResponse(responseCode = "404", description = "No such task (or not the caller's to cancel)")
    @ApiResponse(responseCode = "501", description = "The task runs and its operation cannot be cancelled")
    public Response cancel(@Parameter(description = "the task's id") @PathParam("id") String id,
            @Context Caller caller) {
        cancelTask.cancel(caller, parse(id));
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
