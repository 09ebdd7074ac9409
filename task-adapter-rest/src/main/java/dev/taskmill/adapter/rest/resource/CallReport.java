package dev.taskmill.adapter.rest.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskError;
import dev.taskmill.domain.TaskId;
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
public record CallReport(
        @JsonProperty("_href") String href,
        String taskId,
        String response,
        List<ResourceClaimBody> reasons,
        String state,
        String jobId,
        String taskGroupId,
        String scheduleId,
        Map<String, Object> progress,
        Object result,
        String exception,
        String traceback,
        String startTime,
        String finishTime,
        List<String> tags,
        ErrorBody error,
        List<SpawnedTask> spawnedTasks,
        String workerName,
        String queue,
        String taskType,
        Map<String, Object> progressReport) {

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
        return new CallReport(
                href(apiRoot, task.id()),
                task.id().toString(),
                task.response().wireName(),
                task.reasons().stream().map(ResourceClaimBody::fromDomain).toList(),
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
                task.tags().stream().map(Tag::value).toList(),
                task.error().map(ErrorBody::fromDomain).orElse(null),
                spawned,
                task.workerName(),
                task.workerName(),
                task.operation(),
                task.progress());
    }

    /** A task a call spawned: where its report is, and its id. */
    public record SpawnedTask(@JsonProperty("_href") String href, String taskId) {
    }

    /**
     * Why a task ended in error, as Pulp 2.4+ servers say it: a stable {@code code}, a
     * {@code description} for people, {@code data} with the exception's {@code message}, and
     * no {@code sub_errors}.
     */
    public record ErrorBody(String code, String description, Map<String, Object> data, List<Object> subErrors) {

        static ErrorBody fromDomain(TaskError error) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("message", error.message());
            return new ErrorBody(error.code().code(), error.description(), data, List.of());
        }
    }

    /** The path of a task's report: {@code <apiRoot>/v2/tasks/<task_id>/}. */
    static String href(String apiRoot, TaskId id) {
        return apiRoot + "/v2/tasks/" + id + "/";
    }
}
