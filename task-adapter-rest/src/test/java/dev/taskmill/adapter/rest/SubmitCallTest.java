package dev.taskmill.adapter.rest;

import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v2/tasks/}: what reaches the use case, and what the client gets back. */
class SubmitCallTest extends RestServerTestBase {

    private static final ResourceClaim R1_UPDATE = new ResourceClaim("repository", "r1", ResourceOperation.UPDATE);

    @ParameterizedTest
    @ValueSource(strings = {TASKS, ROOT + "/v2/tasks"})
    void givenFullCall_post_passesTheExactCommandAndReturns202WithLocation(String path) {
        Task admitted = aWaitingTask().claiming("repository", "r1", ResourceOperation.UPDATE).withTags("team:ops")
                .build();
        fakes.onSubmit = command -> admitted;

        HttpReply reply = post(path, """
                {"operation": "sleep", "args": {"seconds": 5, "nested": {"list": [1, 2.5, "x", null, true]}},
                 "resources": [{"resource_type": "repository", "resource_id": "r1", "operation": "update"}],
                 "tags": ["team:ops"], "timeout_seconds": 600}""");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Location")).isEqualTo(TASKS + admitted.id() + "/");
        JsonNode report = reply.json();
        assertThat(report.get("_href").asText()).isEqualTo(reply.header("Location"));
        assertThat(report.get("task_id").asText()).isEqualTo(admitted.id().toString());
        assertThat(report.get("response").asText()).isEqualTo("accepted");
        assertThat(report.get("state").asText()).isEqualTo("waiting");
        assertThat(fakes.submitted).containsExactly(new SubmitCallCommand("sleep",
                Map.of("seconds", 5, "nested", Map.of("list", java.util.Arrays.asList(1, 2.5, "x", null, true))),
                List.of(R1_UPDATE), List.of(Tag.of("team:ops")), Optional.of(Duration.ofSeconds(600))));
    }

    @Test
    void givenOnlyTheOperation_post_defaultsEverythingElseToEmpty() {
        fakes.onSubmit = command -> aWaitingTask().build();

        HttpReply reply = post(TASKS, "{\"operation\": \"sleep\"}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(fakes.submitted).containsExactly(
                new SubmitCallCommand("sleep", Map.of(), List.of(), List.of(), Optional.empty()));
    }

    @Test
    void givenExplicitNulls_post_treatsThemAsAbsent() {
        fakes.onSubmit = command -> aWaitingTask().build();

        HttpReply reply = post(TASKS, """
                {"operation": "sleep", "args": null, "resources": null, "tags": null, "timeout_seconds": null}""");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(fakes.submitted).containsExactly(
                new SubmitCallCommand("sleep", Map.of(), List.of(), List.of(), Optional.empty()));
    }

    @Test
    void givenFractionalTimeout_post_keepsItToTheNanosecondRoundingUp() {
        fakes.onSubmit = command -> aWaitingTask().build();

        post(TASKS, "{\"operation\": \"sleep\", \"timeout_seconds\": 0.25}");
        post(TASKS, "{\"operation\": \"sleep\", \"timeout_seconds\": 1e-12}");
        post(TASKS, "{\"operation\": \"sleep\", \"timeout_seconds\": 1e-999999999}");
        post(TASKS, "{\"operation\": \"sleep\", \"timeout_seconds\": 9223372036.854775807}");

        assertThat(fakes.submitted).extracting(SubmitCallCommand::timeout)
                .containsExactly(Optional.of(Duration.ofMillis(250)), Optional.of(Duration.ofNanos(1)),
                        Optional.of(Duration.ofNanos(1)), Optional.of(Duration.ofNanos(Long.MAX_VALUE)));
    }

    @Test
    void givenCharsetInContentType_post_isAccepted() {
        fakes.onSubmit = command -> aWaitingTask().build();

        HttpReply reply = send(request(TASKS).header("Content-Type", "application/json; charset=utf-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"operation\": \"sleep\"}")));

        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void givenPostponedAdmission_post_returns202WithPostponedAndReasons() {
        fakes.onSubmit = command -> Tasks.postponed(aWaitingTask().claiming("repository", "r1",
                ResourceOperation.UPDATE), List.of(R1_UPDATE));

        HttpReply reply = post(TASKS, "{\"operation\": \"sleep\"}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("response").asText()).isEqualTo("postponed");
        assertThat(reply.json().get("reasons").toString())
                .isEqualTo("[{\"resource_type\":\"repository\",\"resource_id\":\"r1\",\"operation\":\"update\"}]");
    }

    @Test
    void givenRejectedCall_post_returns409WithReasonsInTheErrorObject() {
        ResourceClaim create = new ResourceClaim("repository", "r1", ResourceOperation.CREATE);
        fakes.onSubmit = command -> {
            throw new CallRejectedException(List.of(create));
        };

        HttpReply reply = post(TASKS, """
                {"operation": "sleep",
                 "resources": [{"resource_type": "repository", "resource_id": "r1", "operation": "create"}]}""");

        String message = assertErrorObject(reply, 409, "POST", TASKS);
        assertThat(message).isEqualTo(new CallRejectedException(List.of(create)).getMessage());
        assertThat(reply.json().get("reasons").toString())
                .isEqualTo("[{\"resource_type\":\"repository\",\"resource_id\":\"r1\",\"operation\":\"create\"}]");
    }
}
