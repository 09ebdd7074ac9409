package dev.taskmill.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal is the JSON error object: unknown paths, wrong methods, media types, server faults. */
class ErrorHandlingTest extends RestServerTestBase {

    @ParameterizedTest
    @ValueSource(strings = {ROOT, ROOT + "/", ROOT + "/v2", ROOT + "/v2/nothing-here", ROOT + "/v3/tasks/",
            TASKS + "a/b", TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b/progress"})
    void givenUnknownPathInsideTheApiRoot_get_returnsJson404(String path) {
        HttpReply reply = get(path);

        assertThat(assertErrorObject(reply, 404, "GET", path)).isEqualTo("Missing resource: " + path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/elsewhere", "/pulp", "/pulp/apix", "/pulp/apix/v2/tasks/", "/favicon.ico"})
    void givenPathOutsideTheApiRoot_get_returnsJson404(String path) {
        HttpReply reply = get(path);

        assertThat(assertErrorObject(reply, 404, "GET", path)).isEqualTo("Missing resource: " + path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE"})
    void givenPathOutsideTheApiRoot_anyMethod_returnsJson404(String method) {
        HttpReply reply = send(request("/elsewhere").method(method, HttpRequest.BodyPublishers.noBody()));

        assertErrorObject(reply, 404, method, "/elsewhere");
    }

    @ParameterizedTest
    @CsvSource({"PUT, " + TASKS + ", GET", "PATCH, " + TASKS + ", POST", "TRACE, " + TASKS + ", GET",
            "PUT, " + TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b/, DELETE",
            "POST, " + TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b/, GET"})
    void givenMethodTheResourceDoesNotHave_returnsJson405WithAllow(String method, String path, String allowed) {
        // no body: Grizzly reads none for TRACE, and the next request on the connection would inherit it
        HttpReply reply = send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));

        assertThat(assertErrorObject(reply, 405, method, path)).isEqualTo("Method " + method + " is not allowed on "
                + path);
        assertThat(reply.header("Allow")).contains(allowed);
    }

    @Test
    void givenClientAcceptingOnlyHtml_get_returnsJson406() {
        HttpReply reply = send(request(TASKS).header("Accept", "text/html").GET());

        assertThat(assertErrorObject(reply, 406, "GET", TASKS)).contains("application/json");
    }

    @Test
    void givenUseCaseFailingUnexpectedly_get_returnsGeneric500WithoutDetails() {
        fakes.onGet = id -> {
            throw new IllegalStateException("secret detail of the store");
        };
        String path = TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b/";

        HttpReply reply = get(path);

        assertThat(assertErrorObject(reply, 500, "GET", path)).isEqualTo(UnexpectedErrorMapper.MESSAGE);
        assertThat(reply.text()).doesNotContain("secret").doesNotContain("IllegalState");
    }

    @Test
    void givenErrorRatherThanException_get_returnsGeneric500() {
        fakes.onGet = id -> {
            throw new StackOverflowError("deep");
        };

        HttpReply reply = get(TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b");

        assertThat(assertErrorObject(reply, 500, "GET", TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b"))
                .isEqualTo(UnexpectedErrorMapper.MESSAGE);
    }

    @Test
    void givenQueryWithBrokenPercentEncoding_get_returns400JsonErrorObject() throws IOException {
        String response = rawExchange("GET " + TASKS + "?tag=%ZZ HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");

        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/json");
        assertThat(body).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
        JsonNode error = new ObjectMapper().readTree(body);
        assertThat(error.get("http_status").asInt()).isEqualTo(400);
        assertThat(error.get("error_message").asText()).contains("percent-encoded");
        assertThat(error.get("http_request_method").asText()).isEqualTo("GET");
        assertThat(error.get("href").asText()).isEqualTo(TASKS);
    }
}
