package dev.taskmill.adapter.rest;

import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.adapter.rest.http.BodySizeLimit;
import dev.taskmill.application.port.in.InvalidCallException;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /v2/tasks/} refused: 400 naming the field, 413, 415, never reaching the use case. */
class SubmitCallValidationTest extends RestServerTestBase {

    private static String refused(String body, int status) {
        HttpReply reply = post(TASKS, body);
        String message = assertErrorObject(reply, status, "POST", TASKS);
        assertThat(fakes.submitted).as("nothing reaches the use case").isEmpty();
        return message;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"operation\":|Malformed JSON at line 1, column 14: Unexpected end-of-input",
        "{'operation': 'sleep'}|Malformed JSON at line 1, column 2",
        "{\"operation\": \"sleep\",}|Malformed JSON at line 1, column 23",
        "{\"operation\": \"sleep\", \"operation\": \"x\"}|Duplicate field 'operation'",
        "{\"operation\": \"sleep\"} {}|The request body must be one JSON object",
        "[]|The request body must be one JSON object",
        "null|The request body must be one JSON object",
        "\"sleep\"|The request body must be one JSON object",
    })
    void givenMalformedJsonOrNoObject_post_returns400(String body, String expected) {
        assertThat(refused(body, 400)).contains(expected);
    }

    @Test
    void givenTooManyTags_post_returns400SayingTheLimit() {
        String tags = IntStream.range(0, 65).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));

        assertThat(refused("{\"operation\": \"sleep\", \"tags\": [" + tags + "]}", 400))
                .isEqualTo("tags: a call carries at most 64 tags, not 65");
    }

    @Test
    void givenTooManyResources_post_returns400SayingTheLimit() {
        String resources = IntStream.range(0, 65)
                .mapToObj(i -> "{\"resource_type\": \"r\", \"resource_id\": \"" + i + "\", \"operation\": \"read\"}")
                .collect(Collectors.joining(","));

        assertThat(refused("{\"operation\": \"sleep\", \"resources\": [" + resources + "]}", 400))
                .isEqualTo("resources: a call claims at most 64 resources, not 65");
    }

    @Test
    void givenJsonNestedDeeperThan32_post_returns400() {
        String nested = "[".repeat(40) + "]".repeat(40);

        assertThat(refused("{\"operation\": \"sleep\", \"args\": {\"deep\": " + nested + "}}", 400))
                .startsWith("The request body is nested more than 32 levels deep");
    }

    @Test
    void givenSixtyFourTagsAndResources_post_reachesTheUseCase() {
        fakes.onSubmit = command -> aWaitingTask().build();
        String tags = IntStream.range(0, 64).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
        String resources = IntStream.range(0, 64)
                .mapToObj(i -> "{\"resource_type\": \"r\", \"resource_id\": \"" + i + "\", \"operation\": \"read\"}")
                .collect(Collectors.joining(","));

        HttpReply reply = post(TASKS, "{\"operation\": \"sleep\", \"tags\": [" + tags + "], \"resources\": ["
                + resources + "]}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(fakes.submitted).hasSize(1);
        assertThat(fakes.submitted.get(0).tags()).hasSize(64);
        assertThat(fakes.submitted.get(0).resources()).hasSize(64);
    }

    @Test
    void givenEmptyBody_post_returns400() {
        assertThat(refused("", 400)).isEqualTo("The request body must be one JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"operation\": \"sleep\", \"bogus\": 1}|Unknown field 'bogus'",
        "{\"operation\": \"sleep\", \"resources\": [{\"resource_type\": \"r\", \"resource_id\": \"1\", "
                + "\"operation\": \"read\", \"extra\": true}]}|Unknown field 'resources[0].extra'",
    })
    void givenUnknownField_post_returns400NamingIt(String body, String expected) {
        assertThat(refused(body, 400)).startsWith(expected).contains("accepted fields: ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"operation\": 5}|Field 'operation' must be a string",
        "{\"operation\": true}|Field 'operation' must be a string",
        "{\"operation\": [\"sleep\"]}|Field 'operation' must be a string",
        "{\"operation\": \"sleep\", \"args\": []}|Field 'args' must be an object",
        "{\"operation\": \"sleep\", \"args\": \"x\"}|Field 'args' must be an object",
        "{\"operation\": \"sleep\", \"resources\": {}}|Field 'resources' must be an array",
        "{\"operation\": \"sleep\", \"resources\": [5]}|Field 'resources[0]' must be an object",
        "{\"operation\": \"sleep\", \"resources\": [{\"resource_type\": 1}]}|Field 'resources[0].resource_type' "
                + "must be a string",
        "{\"operation\": \"sleep\", \"tags\": \"team\"}|Field 'tags' must be an array",
        "{\"operation\": \"sleep\", \"tags\": [\"a\", 2]}|Field 'tags[1]' must be a string",
        "{\"operation\": \"sleep\", \"timeout_seconds\": \"10\"}|Field 'timeout_seconds' must be a number",
        "{\"operation\": \"sleep\", \"timeout_seconds\": true}|Field 'timeout_seconds' must be a number",
    })
    void givenWrongType_post_returns400NamingTheFieldAndType(String body, String expected) {
        assertThat(refused(body, 400)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"args\": {}}|Field 'operation' is required",
        "{\"operation\": \"\"}|operation must not be empty",
        "{\"operation\": \"sleep\", \"timeout_seconds\": 0}|timeout_seconds must be positive",
        "{\"operation\": \"sleep\", \"timeout_seconds\": -0.5}|timeout_seconds must be positive",
        "{\"operation\": \"sleep\", \"timeout_seconds\": -1e30}|timeout_seconds must be positive",
        "{\"operation\": \"sleep\", \"timeout_seconds\": -1e-999999999}|timeout_seconds must be positive",
        "{\"operation\": \"sleep\", \"timeout_seconds\": 1e999999999}|timeout_seconds is too large",
        "{\"operation\": \"sleep\", \"timeout_seconds\": 9223372036.854775808}|timeout_seconds is too large",
        "{\"operation\": \"sleep\", \"timeout_seconds\": 1e30}|timeout_seconds is too large",
        "{\"operation\": \"sleep\", \"args\": {\"x\": 1e400}}|args: $.x is Infinity, which JSON cannot represent",
    })
    void givenMissingOrOutOfRangeValue_post_returns400(String body, String expected) {
        assertThat(refused(body, 400)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"resource_type\": \"repository\", \"resource_id\": \"r1\", \"operation\": \"nuke\"}|resources[0]: "
                + "resource operation must be one of create, read, update, delete, not 'nuke'",
        "{\"resource_type\": \"repository\", \"resource_id\": \"r1\"}|resources[0]: operation is required",
        "{\"resource_type\": \"\", \"resource_id\": \"r1\", \"operation\": \"read\"}|resources[0]: "
                + "resource_type must not be empty",
        "{\"resource_type\": \"repository\", \"operation\": \"read\"}|resources[0]: resource_id must not be empty",
        "null|resources[0]: must be an object",
    })
    void givenBadResource_post_returns400WithTheDomainsMessage(String resource, String expected) {
        assertThat(refused("{\"operation\": \"sleep\", \"resources\": [" + resource + "]}", 400)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"\"|tags[0]: tag must not be empty",
        "null|tags[0]: tag must not be empty",
        "\"a\\tb\"|tags[0]: tag must not contain control characters",
    })
    void givenBadTag_post_returns400WithTheDomainsMessage(String tag, String expected) {
        assertThat(refused("{\"operation\": \"sleep\", \"tags\": [" + tag + "]}", 400)).isEqualTo(expected);
    }

    @Test
    void givenTagTooLong_post_returns400() {
        assertThat(refused("{\"operation\": \"sleep\", \"tags\": [\"" + "t".repeat(256) + "\"]}", 400))
                .isEqualTo("tags[0]: tag must be at most 255 characters");
    }

    @Test
    void givenUnknownOperation_post_returns400WithTheUseCasesMessage() {
        fakes.onSubmit = command -> {
            throw new InvalidCallException("Unknown operation 'nope'; this server runs: sleep");
        };

        HttpReply reply = post(TASKS, "{\"operation\": \"nope\"}");

        assertThat(assertErrorObject(reply, 400, "POST", TASKS))
                .isEqualTo("Unknown operation 'nope'; this server runs: sleep");
    }

    @Test
    void givenBodyOverOneMebibyteWithContentLength_post_returns413() {
        String body = "{\"operation\": \"sleep\", \"args\": {\"pad\": \"" + "x".repeat(BodySizeLimit.MAX_BYTES) + "\"}}";

        assertThat(refused(body, 413)).contains("1 MiB");
    }

    @Test
    void givenChunkedBodyOverOneMebibyte_post_returns413() {
        byte[] body = ("{\"operation\": \"sleep\", \"args\": {\"pad\": \"" + "x".repeat(2 * BodySizeLimit.MAX_BYTES)
                + "\"}}").getBytes(StandardCharsets.UTF_8);

        HttpReply reply = send(request(TASKS).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(assertErrorObject(reply, 413, "POST", TASKS)).contains("1 MiB");
        assertThat(fakes.submitted).isEmpty();
    }

    @Test
    void givenChunkedBodyOfExactlyOneMebibyte_post_isAccepted() {
        fakes.onSubmit = command -> aWaitingTask().build();
        String call = "{\"operation\": \"sleep\"}";
        byte[] body = (call + " ".repeat(BodySizeLimit.MAX_BYTES - call.length())).getBytes(StandardCharsets.UTF_8);

        HttpReply reply = send(request(TASKS).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(body).hasSize(BodySizeLimit.MAX_BYTES);
        assertThat(reply.status()).isEqualTo(202);
        assertThat(fakes.submitted).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"text/plain", "application/xml", "application/x-www-form-urlencoded"})
    void givenBodyThatIsNotJson_post_returns415(String contentType) {
        HttpReply reply = send(request(TASKS).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("operation=sleep")));

        assertThat(assertErrorObject(reply, 415, "POST", TASKS)).contains("application/json");
        assertThat(fakes.submitted).isEmpty();
    }

    @Test
    void givenBodyWithoutContentType_post_returns415() {
        HttpReply reply = send(request(TASKS).POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"sleep\"}")));

        assertErrorObject(reply, 415, "POST", TASKS);
    }
}
