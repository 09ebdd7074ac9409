package dev.taskmill.adapter.rest.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskError;
import dev.taskmill.domain.TaskId;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task on the wire: the contract's call report, every key always present: the seed's keys,
 * and those Pulp 2.4+ servers added ({@code error}, {@code spawned_tasks}, {@code worker_name},
 * {@code queue}, {@code task_type}, {@code progress_report}). {@code worker_name} and
 * {@code queue} both name the worker that runs or ran the task, as {@code GET /v2/status/} lists
 * workers; {@code null} until it starts.
 */
@Schema(name = "CallReport", description = "A task: Pulp 2's call report, every key always present")
public record CallReport(
        @Schema(description = "the path of this report") @JsonProperty("_href") String href,
        @Schema(format = "uuid") String taskId,
        @Schema(description = "how the call was admitted", allowableValues = {"accepted", "postponed"}) String response,
        @Schema(description = "the claims that postponed the call") List<ResourceClaimBody> reasons,
        @Schema(allowableValues = {"waiting", "running", "finished", "error", "canceled", "skipped"}) String state,
        @Schema(types = {"string", "null"}, description = "the task group's id, or null") String jobId,
        @Schema(types = {"string", "null"}, description = "the same as job_id") String taskGroupId,
        @Schema(types = {"string", "null"}, description = "always null: Taskmill has no schedules") String scheduleId,
        @Schema(description = "the operation's latest progress report") Map<String, Object> progress,
        @Schema(types = {"object", "array", "string", "number", "boolean", "null"},
                description = "what the operation returned, once finished") Object result,
        @Schema(types = {"string", "null"}) String exception,
        @Schema(types = {"string", "null"}) String traceback,
        @Schema(types = {"string", "null"}, format = "date-time") String startTime,
        @Schema(types = {"string", "null"}, format = "date-time") String finishTime,
        List<String> tags,
        @Schema(description = "why the task ended in error, or null") ErrorBody error,
        @Schema(description = "in a submission's answer, the task itself; else empty") List<SpawnedTask> spawnedTasks,
        @Schema(types = {"string", "null"}, description = "the worker that runs or ran the task") String workerName,
        @Schema(types = {"string", "null"}, description = "the same as worker_name") String queue,
        @Schema(description = "the operation's name") String taskType,
        @Schema(description = "the same as progress") Map<String, Object> progressReport) {

    /** The report of {@code task} as served under {@code apiRoot} (normalized, such as {@code /pulp/api}). */
    public static CallReport fromDomain(Task task, String apiRoot) {
        return fromDomain(task, apiRoot, List.of());
    }

    /**
     * The report of a task just submitted: its {@code spawned_tasks} name the task itself, so that
     * a client that waits on the tasks a call spawned waits on it.
     */
    public static CallReport ofSubmitted(Task task, String apiRoot) {
        return fromDomain(task, apiRoot, List.of(spawned(task, apiRoot)));
    }

    /** {@code task} as a call that spawned it names it. */
    static SpawnedTask spawned(Task task, String apiRoot) {
        return new SpawnedTask(href(apiRoot, task.id()), task.id().toString());
    }

    private static CallReport fromDomain(Task task, String apiRoot, List<SpawnedTask> spawned) {
        String id = task.id().toString();
        return new CallReport(
                href(apiRoot, id),
                id,
                task.response().wireName(),
                task.reasons().isEmpty() ? List.of() : task.reasons().stream().map(ResourceClaimBody::fromDomain).toList(),
                task.state().wireName(),
                task.jobId(),
                task.jobId(),
                task.scheduleId(),
                task.progress(),
                task.result(),
                task.exception(),
                task.traceback(),
                WireTime.format(task.startTime()),
                WireTime.format(task.finishTime()),
                tagValues(task),
                task.error().map(ErrorBody::fromDomain).orElse(null),
                spawned,
                task.workerName(),
                task.workerName(),
                task.operation(),
                task.progress());
    }

    /** A task a call spawned: where its report is, and its id. */
    @Schema(name = "SpawnedTask", description = "A task a call spawned")
    public record SpawnedTask(@JsonProperty("_href") String href, @Schema(format = "uuid") String taskId) {
    }

    /**
     * Why a task ended in error, as Pulp 2.4+ servers say it: a stable {@code code}, a
     * {@code description} for people, {@code data} with the exception's {@code message}, and
     * no {@code sub_errors}.
     */
    @Schema(name = "TaskError", description = "Why a task ended in error")
    public record ErrorBody(@Schema(example = "TMK0002") String code, String description,
            @Schema(description = "the exception's message") Map<String, Object> data,
            @Schema(description = "always empty") List<Object> subErrors) {

        static ErrorBody fromDomain(TaskError error) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("message", error.message());
            return new ErrorBody(error.code().code(), error.description(), data, List.of());
        }
    }

    /** The path of a task's report: {@code <apiRoot>/v2/tasks/<task_id>/}. */
    static String href(String apiRoot, TaskId id) {
        return href(apiRoot, id.toString());
    }

    private static String href(String apiRoot, String id) {
        return apiRoot + "/v2/tasks/" + id + "/";
    }

    /** The task's tags as text (a loop: a report is made for every poll). */
    private static List<String> tagValues(Task task) {
        String[] values = new String[task.tags().size()];
        int i = 0;
        for (Tag tag : task.tags()) {
            values[i++] = tag.value();
        }
        return List.of(values);
    }
}
