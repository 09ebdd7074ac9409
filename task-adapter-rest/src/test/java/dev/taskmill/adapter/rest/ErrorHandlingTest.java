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

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "/pulp/api/v2/tasks/?tag=%ZZ ; /pulp/api/v2/tasks/ ; query string",
        "/pulp/api/v2/tasks/?tag=a% ; /pulp/api/v2/tasks/ ; query string",
        "/pulp/api/v2/tasks/?tag=%4 ; /pulp/api/v2/tasks/ ; query string",
        "/pulp/api/v2/tasks/%zz/ ; /pulp/api/v2/tasks/%zz/ ; request path",
        "/pulp/api/v2/tasks/a% ; /pulp/api/v2/tasks/a% ; request path",
        "/pulp/api/v2/tasks/{x}/ ; /pulp/api/v2/tasks/{x}/ ; request path",
        "/pulp/api/v2/tasks/a|b/ ; /pulp/api/v2/tasks/a|b/ ; request path",
        "/pulp/api/v2/tasks/a\\b/ ; /pulp/api/v2/tasks/a\\b/ ; request path",
        "/elsewhere%zz ; /elsewhere%zz ; request path",
    })
    void givenRequestTargetThatIsNotAValidUri_get_returns400JsonErrorObject(String target, String href,
            String part) throws IOException {
        String response = rawExchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/json");
        assertThat(body).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
        JsonNode error = new ObjectMapper().readTree(body);
        assertThat(error.get("http_status").asInt()).isEqualTo(400);
        assertThat(error.get("error_message").asText()).contains(part);
        assertThat(error.get("http_request_method").asText()).isEqualTo("GET");
        assertThat(error.get("href").asText()).isEqualTo(href);
    }

    @ParameterizedTest
    @ValueSource(strings = {TASKS + "?tag=%41%42", TASKS + "?tag={x}", TASKS + "?tag=a%20b&state=waiting"})
    void givenQueryThatJerseyQuotesOrDecodes_get_isServed(String target) throws IOException {
        String response = rawExchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200");
    }
}
