package dev.taskmill.adapter.rest.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.taskmill.application.port.in.TaskGroup;
import dev.taskmill.application.port.in.TaskGroupSummary;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A task group just submitted, as Pulp 2 answered the calls that spawned one: its id, where it
 * is, and the tasks it spawned, in the order of its calls.
 */
@Schema(name = "TaskGroupReport",
        description = "A task group just submitted, with the tasks it spawned in the order of its calls")
public record TaskGroupReport(
        @Schema(format = "uuid") String groupId,
        @JsonProperty("_href") String href,
        List<CallReport.SpawnedTask> spawnedTasks) {

    static TaskGroupReport fromDomain(TaskGroup group, String apiRoot) {
        return new TaskGroupReport(group.id().toString(), href(apiRoot, group.id()),
                group.tasks().stream().map(task -> CallReport.spawned(task, apiRoot)).toList());
    }

    /** The path of a group: {@code <apiRoot>/v2/task_groups/<group_id>/}. */
    static String href(String apiRoot, TaskGroupId id) {
        return apiRoot + "/v2/task_groups/" + id + "/";
    }

    /**
     * {@code GET /v2/task_groups/<id>/state_summary/}: how many of the group's tasks are in each
     * state Pulp 2.4+ clients know, and in all. Taskmill has no {@code accepted} or
     * {@code suspended} task: those count 0.
     */
    @Schema(name = "StateSummary", description = "How many of a group's tasks are in each state, and in all")
    public record StateSummary(int accepted, int finished, int running, int canceled, int waiting, int skipped,
            int suspended, int error, int total) {

        static StateSummary fromDomain(TaskGroupSummary summary) {
            return new StateSummary(0, summary.count(TaskState.FINISHED), summary.count(TaskState.RUNNING),
                    summary.count(TaskState.CANCELED), summary.count(TaskState.WAITING),
                    summary.count(TaskState.SKIPPED), 0, summary.count(TaskState.ERROR), summary.total());
        }
    }
}
