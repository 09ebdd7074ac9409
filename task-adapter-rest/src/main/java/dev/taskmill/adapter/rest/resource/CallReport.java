package dev.taskmill.adapter.rest.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import java.util.List;
import java.util.Map;

/** A task on the wire: the contract's call report, every key always present. */
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
        List<String> tags) {

    /** The report of {@code task} as served under {@code apiRoot} (normalized, such as {@code /pulp/api}). */
    public static CallReport fromDomain(Task task, String apiRoot) {
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
                task.tags().stream().map(Tag::value).toList());
    }

    /** The path of a task's report: {@code <apiRoot>/v2/tasks/<task_id>/}. */
    static String href(String apiRoot, TaskId id) {
        return apiRoot + "/v2/tasks/" + id + "/";
    }
}
