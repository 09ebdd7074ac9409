package dev.taskmill.adapter.rest;

import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static dev.taskmill.domain.TaskBuilder.aTaskIn;
import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskNotCancellableException;
import dev.taskmill.domain.TaskState;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET} and {@code DELETE} of {@code /v2/tasks/<task_id>/}. */
class TaskResourceTest extends RestServerTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"/", ""})
    void givenKnownTask_get_returns200WithItsReportWithOrWithoutTrailingSlash(String slash) {
        Task task = aRunningTask().build();
        fakes.onGet = id -> task;

        HttpReply reply = get(TASKS + task.id() + slash);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualToIgnoringCase("application/json;charset=utf-8");
        assertThat(reply.json().get("task_id").asText()).isEqualTo(task.id().toString());
        assertThat(reply.json().get("_href").asText()).isEqualTo(TASKS + task.id() + "/");
        assertThat(fakes.polled).containsExactly(task.id());
    }

    @Test
    void givenATaskThatChangedSinceItWasPolled_get_returnsItAsItIsNow() {
        Task running = aRunningTask().build();
        fakes.onGet = id -> running;
        assertThat(get(TASKS + running.id() + "/").json().get("state").asText()).isEqualTo("running");
        assertThat(get(TASKS + running.id() + "/").json().get("state").asText()).isEqualTo("running");

        Task finished = aTaskIn(TaskState.FINISHED).withId(running.id()).build().withVersion(running.version() + 1);
        fakes.onGet = id -> finished;

        HttpReply reply = get(TASKS + running.id() + "/");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("state").asText()).isEqualTo("finished");
    }

    @Test
    void givenUnknownTask_get_returns404ErrorObject() {
        String id = UUID.randomUUID().toString();

        HttpReply reply = get(TASKS + id + "/");

        String message = assertErrorObject(reply, 404, "GET", TASKS + id + "/");
        assertThat(message).isEqualTo("Missing resource: task " + id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "7744e2df-39b9-46f0-bb10-feffa2f7014", "7744e2df-39b9-46f0-bb10-feffa2f7014bx",
            "zzzzzzzz-39b9-46f0-bb10-feffa2f7014b"})
    void givenIdThatIsNoUuid_get_returns404WithoutAskingTheUseCase(String id) {
        HttpReply reply = get(TASKS + id + "/");

        assertThat(assertErrorObject(reply, 404, "GET", TASKS + id + "/")).isEqualTo("Missing resource: task " + id);
        assertThat(fakes.polled).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", ""})
    void givenCancellableTask_delete_returns200WithBodyNull(String slash) {
        fakes.onCancel = id -> {
        };
        TaskId id = TaskId.random();

        HttpReply reply = delete(TASKS + id + slash);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("null");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(fakes.cancelled).containsExactly(id);
    }

    @Test
    void givenDeleteCarryingABody_delete_ignoresItAndCancels() {
        fakes.onCancel = id -> {
        };
        TaskId id = TaskId.random();

        HttpReply reply = send(request(TASKS + id + "/").header("Content-Type", "application/json")
                .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("null");
        assertThat(fakes.cancelled).containsExactly(id);
    }

    @Test
    void givenUnknownTask_delete_returns404() {
        String id = UUID.randomUUID().toString();

        assertErrorObject(delete(TASKS + id + "/"), 404, "DELETE", TASKS + id + "/");
        assertErrorObject(delete(TASKS + "nope/"), 404, "DELETE", TASKS + "nope/");
    }

    @Test
    void givenRunningTaskThatCannotBeCancelled_delete_returns501() {
        Task running = aRunningTask().notCancellable().build();
        fakes.onCancel = id -> running.cancel(Instant.EPOCH);

        HttpReply reply = delete(TASKS + running.id());

        String message = assertErrorObject(reply, 501, "DELETE", TASKS + running.id());
        assertThat(message).isEqualTo(new TaskNotCancellableException(running.id(), "sleep").getMessage());
    }

    @Test
    void givenCancelFailingUnexpectedly_delete_returns500WithoutItsDetails() {
        Task waiting = aWaitingTask().build();
        fakes.onCancel = id -> {
            throw new IllegalStateException("storage broke");
        };

        HttpReply reply = delete(TASKS + waiting.id() + "/");

        String message = assertErrorObject(reply, 500, "DELETE", TASKS + waiting.id() + "/");
        assertThat(message).doesNotContain("storage broke");
    }
}
