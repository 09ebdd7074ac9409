package dev.taskmill.adapter.rest;

import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.application.port.in.InvalidCallException;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.in.TaskGroup;
import dev.taskmill.application.port.in.TaskGroupSummary;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskState;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /v2/task_groups/}: what reaches the use cases, and what the client gets back. */
class TaskGroupResourceTest extends RestServerTestBase {

    private static final String GROUPS = ROOT + "/v2/task_groups/";
    private static final String SLEEP = "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}}";

    @ParameterizedTest
    @ValueSource(strings = {GROUPS, ROOT + "/v2/task_groups"})
    void givenTwoCalls_post_passesThemInOrderAndReturns202WithTheGroupAndItsTasks(String path) {
        TaskGroupId id = TaskGroupId.random();
        List<Task> tasks = List.of(aWaitingTask().build(), aWaitingTask().build());
        fakes.onSubmitGroup = command -> new TaskGroup(id, tasks);

        HttpReply reply = post(path, """
                {"calls": [{"operation": "sleep", "args": {"seconds": 1}},
                           {"operation": "digest", "resources":
                               [{"resource_type": "repository", "resource_id": "r1", "operation": "read"}]}]}""");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("group_id", "_href", "spawned_tasks");
        assertThat(body.get("group_id").asText()).isEqualTo(id.toString());
        assertThat(body.get("_href").asText()).isEqualTo(GROUPS + id + "/");
        assertThat(body.get("spawned_tasks")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode spawned = body.get("spawned_tasks").get(i);
            assertThat(spawned.get("task_id").asText()).isEqualTo(tasks.get(i).id().toString());
            assertThat(spawned.get("_href").asText()).isEqualTo(TASKS + tasks.get(i).id() + "/");
        }
        assertThat(fakes.groupsSubmitted).hasSize(1);
        assertThat(fakes.groupsSubmitted.get(0).calls()).containsExactly(
                new SubmitCallCommand("sleep", Map.of("seconds", 1), List.of(), List.of(), Optional.empty()),
                new SubmitCallCommand("digest", Map.of(), List.of(new ResourceClaim("repository", "r1",
                        ResourceOperation.READ)), List.of(), Optional.empty()));
    }

    @Test
    void givenRejectedCall_post_is409WithItsIndexAndReasons() {
        fakes.onSubmitGroup = command -> {
            throw new CallRejectedException(
                    List.of(new ResourceClaim("repository", "r1", ResourceOperation.CREATE)), 2);
        };

        HttpReply reply = post(GROUPS, "{\"calls\": [" + SLEEP + ", " + SLEEP + ", " + SLEEP + "]}");

        String message = assertErrorObject(reply, 409, "POST", GROUPS);
        assertThat(message).startsWith("calls[2] rejected: it conflicts with a pending create of repository r1");
        JsonNode body = reply.json();
        assertThat(body.get("call_index").asInt()).isEqualTo(2);
        assertThat(body.get("reasons")).hasSize(1);
        assertThat(body.get("reasons").get(0).get("resource_id").asText()).isEqualTo("r1");
        assertThat(body.get("reasons").get(0).get("operation").asText()).isEqualTo("create");
    }

    @Test
    void givenBadBodies_post_is400NamingTheProblem_andReachesNoUseCase() {
        assertThat(badRequest("{}")).isEqualTo("Field 'calls' is required");
        assertThat(badRequest("null")).isEqualTo("The request body must be one JSON object");
        assertThat(badRequest("{\"calls\": {}}")).isEqualTo("Field 'calls' must be an array");
        assertThat(badRequest("{\"calls\": []}")).isEqualTo("calls: a task group has 1 to 1000 calls, not 0");
        assertThat(badRequest("{\"calls\": [" + String.join(", ", Collections.nCopies(1001, SLEEP)) + "]}"))
                .isEqualTo("calls: a task group has 1 to 1000 calls, not 1001");
        assertThat(badRequest("{\"calls\": [" + SLEEP + ", null]}")).isEqualTo("calls[1]: must be an object");
        assertThat(badRequest("{\"calls\": [" + SLEEP + ", {\"args\": {}}]}"))
                .isEqualTo("calls[1]: Field 'operation' is required");
        assertThat(badRequest("{\"calls\": [" + SLEEP + ", " + SLEEP + ", {\"operation\": \"sleep\", \"resources\":"
                + " [{\"resource_type\": \"repository\", \"resource_id\": \"r1\", \"operation\": \"write\"}]}]}"))
                .startsWith("calls[2]: resources[0]: ");
        assertThat(badRequest("{\"calls\": [{\"operation\": \"sleep\", \"bogus\": 1}]}"))
                .startsWith("Unknown field 'calls[0].bogus'");
        assertThat(badRequest("{\"calls\": [{\"operation\": 5}]}"))
                .isEqualTo("Field 'calls[0].operation' must be a string");
        assertThat(badRequest("{\"calls\": [" + SLEEP + "], \"extra\": true}")).startsWith("Unknown field 'extra'");
        assertThat(fakes.groupsSubmitted).isEmpty();
    }

    @Test
    void givenCallTheUseCaseRefuses_post_is400WithItsMessage() {
        fakes.onSubmitGroup = command -> {
            throw new InvalidCallException("calls[1]: Unknown operation 'nope'; this server runs: sleep");
        };

        String message = assertErrorObject(post(GROUPS, "{\"calls\": [" + SLEEP + ", {\"operation\": \"nope\"}]}"),
                400, "POST", GROUPS);

        assertThat(message).isEqualTo("calls[1]: Unknown operation 'nope'; this server runs: sleep");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/state_summary/", "/state_summary"})
    void givenGroup_getStateSummary_answersEveryPulpStateAndTheTotal(String suffix) {
        TaskGroupId id = TaskGroupId.random();
        fakes.onSummarizeGroup = group -> new TaskGroupSummary(Map.of(TaskState.WAITING, 2, TaskState.RUNNING, 1,
                TaskState.FINISHED, 3, TaskState.ERROR, 1, TaskState.CANCELED, 4));

        HttpReply reply = get(GROUPS + id + suffix);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode summary = reply.json();
        assertThat(summary.fieldNames()).toIterable().containsExactlyInAnyOrder("accepted", "finished", "running",
                "canceled", "waiting", "skipped", "suspended", "error", "total");
        assertThat(summary.get("waiting").asInt()).isEqualTo(2);
        assertThat(summary.get("running").asInt()).isEqualTo(1);
        assertThat(summary.get("finished").asInt()).isEqualTo(3);
        assertThat(summary.get("error").asInt()).isEqualTo(1);
        assertThat(summary.get("canceled").asInt()).isEqualTo(4);
        assertThat(summary.get("skipped").asInt()).isZero();
        assertThat(summary.get("accepted").asInt()).isZero();
        assertThat(summary.get("suspended").asInt()).isZero();
        assertThat(summary.get("total").asInt()).isEqualTo(11);
        assertThat(fakes.groupsSummarized).containsExactly(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", ""})
    void givenGroup_delete_is200WithNull(String suffix) {
        TaskGroupId id = TaskGroupId.random();
        fakes.onCancelGroup = group -> {
        };

        HttpReply reply = delete(GROUPS + id + suffix);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.text().strip()).isEqualTo("null");
        assertThat(fakes.groupsCancelled).containsExactly(id);
    }

    @Test
    void givenUnknownOrMalformedGroup_getAndDelete_are404_andRefusalsKeepTheirStatus() {
        TaskGroupId unknown = TaskGroupId.random();

        String missing = assertErrorObject(get(GROUPS + unknown + "/state_summary/"), 404, "GET",
                GROUPS + unknown + "/state_summary/");
        assertErrorObject(delete(GROUPS + unknown + "/"), 404, "DELETE", GROUPS + unknown + "/");
        assertErrorObject(delete(GROUPS + "not-a-group/"), 404, "DELETE", GROUPS + "not-a-group/");
        assertErrorObject(get(GROUPS + "not-a-group/state_summary/"), 404, "GET",
                GROUPS + "not-a-group/state_summary/");
        assertThat(missing).isEqualTo("Missing resource: task group " + unknown);
        assertThat(fakes.groupsSummarized).containsExactly(unknown);

        fakes.onCancelGroup = group -> {
            throw new AccessDeniedException("User 'sam' may not cancel task group " + group);
        };
        assertErrorObject(delete(GROUPS + unknown + "/"), 403, "DELETE", GROUPS + unknown + "/");
    }

    @Test
    void givenTheGroupItself_get_is405() {
        TaskGroupId id = TaskGroupId.random();

        assertErrorObject(get(GROUPS + id + "/"), 405, "GET", GROUPS + id + "/");
        assertErrorObject(get(GROUPS), 405, "GET", GROUPS);
    }

    @Test
    void givenMutatedGroupBodies_post_answers202Or400_neverAServerError() {
        fakes.onSubmitGroup = command -> new TaskGroup(TaskGroupId.random(), List.of(aWaitingTask().build()));
        String valid = """
                {"calls": [{"operation": "sleep", "args": {"seconds": 1, "list": [1, "x", null]},
                 "resources": [{"resource_type": "repository", "resource_id": "r1", "operation": "update"}],
                 "tags": ["a"], "timeout_seconds": 5}, {"operation": "digest"}]}""";
        String[] fragments = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e999", "\"calls\"",
            "{\"calls\": 1}", "[[]]", "\\u0000", "\"operation\": 7", "\u00e9"};
        Random random = new Random(20_261_205);
        for (int i = 0; i < 400; i++) {
            StringBuilder body = new StringBuilder(valid);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(body.length());
                if (random.nextBoolean()) {
                    body.delete(at, Math.min(body.length(), at + 1 + random.nextInt(8)));
                } else {
                    body.insert(at, fragments[random.nextInt(fragments.length)]);
                }
            }

            HttpReply reply = post(GROUPS, body.toString());

            assertThat(reply.status()).as("%s", body).isIn(202, 400);
            if (reply.status() == 400) {
                assertErrorObject(reply, 400, "POST", GROUPS);
            }
        }
    }

    private static String badRequest(String body) {
        HttpReply reply = post(GROUPS, body);
        return assertErrorObject(reply, 400, "POST", GROUPS);
    }
}
