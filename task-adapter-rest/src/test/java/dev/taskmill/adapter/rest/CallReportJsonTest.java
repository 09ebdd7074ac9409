package dev.taskmill.adapter.rest;

import static dev.taskmill.domain.TaskBuilder.WORKER;
import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static dev.taskmill.domain.TaskBuilder.aTaskIn;
import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.adapter.rest.resource.CallReport;
import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskBuilder;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The call report as served: every key, its value and its format, for tasks in every state. */
class CallReportJsonTest extends RestServerTestBase {

    private static final List<String> KEYS = List.of("_href", "task_id", "response", "reasons", "state", "job_id",
            "task_group_id", "schedule_id", "progress", "result", "exception", "traceback", "start_time",
            "finish_time", "tags", "error", "spawned_tasks", "worker_name", "queue", "task_type", "progress_report");

    private static JsonNode served(Task task) {
        fakes.onGet = id -> task;
        HttpReply reply = get(TASKS + task.id() + "/");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> keysOf(JsonNode report) {
        List<String> keys = new ArrayList<>();
        report.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void givenTheSeedsPostponedRunningTask_get_servesTheContractsSampleExactly() throws Exception {
        ResourceClaim update = new ResourceClaim("repository", "test-repo", ResourceOperation.UPDATE);
        Task task = Tasks.postponed(aWaitingTask()
                        .withId(new TaskId(UUID.fromString("7744e2df-39b9-46f0-bb10-feffa2f7014b")))
                        .withOperation("sync")
                        .claiming("repository", "test-repo", ResourceOperation.UPDATE), List.of(update))
                .start(Instant.parse("2012-05-13T23:00:02Z"), "taskmill-1a2b3c4d-2");

        JsonNode report = served(task);

        JsonNode sample = new ObjectMapper().readTree("""
                {
                  "_href": "/pulp/api/v2/tasks/7744e2df-39b9-46f0-bb10-feffa2f7014b/",
                  "response": "postponed",
                  "reasons": [{"resource_type": "repository", "resource_id": "test-repo", "operation": "update"}],
                  "state": "running",
                  "task_id": "7744e2df-39b9-46f0-bb10-feffa2f7014b",
                  "job_id": null, "task_group_id": null, "schedule_id": null,
                  "progress": {}, "result": null, "exception": null, "traceback": null,
                  "start_time": "2012-05-13T23:00:02.000Z", "finish_time": null,
                  "tags": ["pulp:repository:test-repo", "pulp:action:sync"],
                  "error": null, "spawned_tasks": [],
                  "worker_name": "taskmill-1a2b3c4d-2", "queue": "taskmill-1a2b3c4d-2",
                  "task_type": "sync", "progress_report": {}
                }""");
        assertThat(report).isEqualTo(sample);
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void givenTaskInAnyState_get_servesEveryKeyWithItsWireState(TaskState state) {
        Task task = aTaskIn(state).build();

        JsonNode report = served(task);

        assertThat(keysOf(report)).containsExactlyInAnyOrderElementsOf(KEYS);
        assertThat(report.get("state").asText()).isEqualTo(state.wireName());
        assertThat(report.get("task_id").asText()).isEqualTo(task.id().toString());
        assertThat(report.get("response").asText()).isEqualTo("accepted");
        assertThat(report.get("reasons").isArray()).isTrue();
        assertThat(report.get("reasons")).isEmpty();
        assertThat(report.get("progress").isObject()).isTrue();
        assertThat(report.get("tags").isArray()).isTrue();
    }

    @Test
    void givenWaitingTask_get_hasNullTimesResultAndErrors() {
        JsonNode report = served(aWaitingTask().withTags("team:ops").build());

        for (String key : List.of("job_id", "task_group_id", "schedule_id", "result", "exception", "traceback",
                "start_time", "finish_time", "worker_name", "queue")) {
            assertThat(report.get(key).isNull()).as(key).isTrue();
        }
        assertThat(report.get("progress")).isEmpty();
        assertThat(report.get("tags")).extracting(JsonNode::asText).containsExactly("team:ops", "pulp:action:sleep");
    }

    @Test
    void givenRunningTaskWithProgress_get_servesProgressAndStartTimeToTheMillisecond() {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("done", 3);
        progress.put("of", List.of(1, 2.5, "x"));
        progress.put("note", null);
        Task task = aWaitingTask().build().start(Instant.parse("2026-01-01T10:20:30.123456789Z"), WORKER)
                .reportProgress(progress);

        JsonNode report = served(task);

        assertThat(report.get("state").asText()).isEqualTo("running");
        assertThat(report.get("progress_report")).as("the 2.4+ name").isEqualTo(report.get("progress"));
        assertThat(report.get("progress").get("done").asInt()).isEqualTo(3);
        assertThat(report.get("progress").get("of").toString()).isEqualTo("[1,2.5,\"x\"]");
        assertThat(report.get("progress").get("note").isNull()).isTrue();
        assertThat(report.get("start_time").asText()).isEqualTo("2026-01-01T10:20:30.123Z");
        assertThat(report.get("finish_time").isNull()).isTrue();
    }

    @Test
    void givenFinishedTask_get_servesResultAndBothTimes() {
        Task task = aRunningTask().build().finish(Map.of("slept_seconds", 1.5, "items", List.of("a", "b")),
                Instant.parse("2026-01-01T00:00:05Z"));

        JsonNode report = served(task);

        assertThat(report.get("state").asText()).isEqualTo("finished");
        assertThat(report.get("result").get("slept_seconds").asDouble()).isEqualTo(1.5);
        assertThat(report.get("result").get("items").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(report.get("start_time").asText()).isEqualTo("2026-01-01T00:00:01.000Z");
        assertThat(report.get("finish_time").asText()).isEqualTo("2026-01-01T00:00:05.000Z");
        assertThat(report.get("exception").isNull()).isTrue();
        assertThat(report.get("traceback").isNull()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = TaskState.class, names = {"RUNNING", "FINISHED", "ERROR"})
    void givenTaskThatRan_get_servesItsWorkerAsWorkerNameAndQueue(TaskState state) {
        JsonNode report = served(aTaskIn(state).runBy("taskmill-9f8e7d6c-3").build());

        assertThat(report.get("worker_name").asText()).isEqualTo("taskmill-9f8e7d6c-3");
        assertThat(report.get("queue").asText()).isEqualTo("taskmill-9f8e7d6c-3");
    }

    @ParameterizedTest
    @EnumSource(value = TaskState.class, names = {"WAITING", "CANCELED", "SKIPPED"})
    void givenTaskThatNeverRan_get_servesNullWorkerNameAndQueue(TaskState state) {
        JsonNode report = served(aTaskIn(state).build());

        assertThat(report.get("worker_name").isNull()).isTrue();
        assertThat(report.get("queue").isNull()).isTrue();
    }

    @Test
    void givenFinishedTaskWithScalarResult_get_servesTheScalar() {
        Task task = aRunningTask().build().finish("done", Instant.parse("2026-01-01T00:00:05Z"));

        assertThat(served(task).get("result").asText()).isEqualTo("done");
    }

    @Test
    void givenErrorTask_get_servesExceptionAndTracebackButNoResult() {
        Task task = aRunningTask().build().fail(ErrorCode.OPERATION_FAILED, "IOException: disk full",
                "IOException: disk full\n\tat Op.run(Op.java:1)", Instant.parse("2026-01-01T00:00:02.5Z"));

        JsonNode report = served(task);

        assertThat(report.get("state").asText()).isEqualTo("error");
        assertThat(report.get("exception").asText()).isEqualTo("IOException: disk full");
        assertThat(report.get("traceback").asText()).isEqualTo("IOException: disk full\n\tat Op.run(Op.java:1)");
        assertThat(report.get("result").isNull()).isTrue();
        assertThat(report.get("finish_time").asText()).isEqualTo("2026-01-01T00:00:02.500Z");
        assertThat(report.get("error").get("code").asText()).isEqualTo("TMK0001");
        assertThat(report.get("error").get("description").asText()).isEqualTo("The operation failed: disk full");
    }

    @Test
    void givenTaskOverItsTimeLimit_get_servesErrorWithTheTimeLimitCode() throws Exception {
        Task task = aRunningTask().build().timeOut("TimeoutException: the task ran longer than its time limit of 5"
                + " seconds", Instant.parse("2026-01-01T00:00:06Z"));

        JsonNode report = served(task);

        assertThat(report.get("state").asText()).isEqualTo("error");
        assertThat(report.get("traceback").isNull()).isTrue();
        assertThat(report.get("error")).isEqualTo(new ObjectMapper().readTree("""
                {"code": "TMK0002",
                 "description": "The task exceeded its time limit: the task ran longer than its time limit of 5 seconds",
                 "data": {"message": "the task ran longer than its time limit of 5 seconds"}, "sub_errors": []}"""));
    }

    @Test
    void givenCanceledWaitingTask_get_hasFinishTimeButNoStartTime() {
        JsonNode report = served(aTaskIn(TaskState.CANCELED).build());

        assertThat(report.get("state").asText()).isEqualTo("canceled");
        assertThat(report.get("start_time").isNull()).isTrue();
        assertThat(report.get("finish_time").asText()).isEqualTo("2026-01-01T00:00:01.000Z");
    }

    @Test
    void givenTaskInAGroupAndSchedule_get_servesJobIdTwiceAndScheduleId() {
        Task task = Tasks.inGroup(aRunningTask().build(), "group-1", "schedule-9");

        JsonNode report = served(task);

        assertThat(report.get("job_id").asText()).isEqualTo("group-1");
        assertThat(report.get("task_group_id").asText()).isEqualTo("group-1");
        assertThat(report.get("schedule_id").asText()).isEqualTo("schedule-9");
    }

    @Test
    void givenPostponedTaskBehindSeveralClaims_get_servesEveryReasonInOrder() {
        List<ResourceClaim> reasons = List.of(
                new ResourceClaim("repository", "r1", ResourceOperation.CREATE),
                new ResourceClaim("consumer", "c 2", ResourceOperation.DELETE));
        Task task = Tasks.postponed(TaskBuilder.aWaitingTask()
                .claiming("repository", "r1", ResourceOperation.READ)
                .claiming("consumer", "c 2", ResourceOperation.CREATE), reasons);

        JsonNode report = served(task);

        assertThat(report.get("response").asText()).isEqualTo("postponed");
        assertThat(report.get("reasons").toString()).isEqualTo("""
                [{"resource_type":"repository","resource_id":"r1","operation":"create"},\
                {"resource_type":"consumer","resource_id":"c 2","operation":"delete"}]""");
        assertThat(report.get("tags")).extracting(JsonNode::asText)
                .containsExactly("pulp:repository:r1", "pulp:consumer:c 2", "pulp:action:sleep");
    }

    @Test
    void givenTimeWithNanosFarAhead_fromDomain_truncatesToMilliseconds() {
        Task task = aWaitingTask().build().start(Instant.parse("9999-12-31T23:59:59.999999Z"), WORKER);

        CallReport report = CallReport.fromDomain(task, "/api");

        assertThat(report.startTime()).isEqualTo("9999-12-31T23:59:59.999Z");
        assertThat(report.href()).isEqualTo("/api/v2/tasks/" + task.id() + "/");
    }
}
