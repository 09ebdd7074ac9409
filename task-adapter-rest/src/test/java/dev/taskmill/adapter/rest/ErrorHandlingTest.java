package dev.taskmill.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.adapter.rest.error.ErrorMapper;
import dev.taskmill.application.port.in.ServiceUnavailableException;
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
    void givenStoreUnreachable_get_returns503WithRetryAfter_andTheUseCasesMessage() {
        fakes.onGet = id -> {
            throw new ServiceUnavailableException("The task store cannot be reached at the moment");
        };
        String path = TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b/";

        HttpReply reply = get(path);

        assertThat(assertErrorObject(reply, 503, "GET", path))
                .isEqualTo("The task store cannot be reached at the moment");
        assertThat(reply.header("Retry-After")).isEqualTo(String.valueOf(
                ServiceUnavailableException.RETRY_AFTER.toSeconds()));
    }

    @Test
    void givenUseCaseFailingUnexpectedly_get_returnsGeneric500WithoutDetails() {
        fakes.onGet = id -> {
            throw new IllegalStateException("secret detail of the store");
        };
        String path = TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b/";

        HttpReply reply = get(path);

        assertThat(assertErrorObject(reply, 500, "GET", path)).isEqualTo(ErrorMapper.SERVER_FAULT);
        assertThat(reply.text()).doesNotContain("secret").doesNotContain("IllegalState");
    }

    @Test
    void givenErrorRatherThanException_get_returnsGeneric500() {
        fakes.onGet = id -> {
            throw new StackOverflowError("deep");
        };

        HttpReply reply = get(TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b");

        assertThat(assertErrorObject(reply, 500, "GET", TASKS + "7744e2df-39b9-46f0-bb10-feffa2f7014b"))
                .isEqualTo(ErrorMapper.SERVER_FAULT);
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
    @CsvSource(delimiter = '|', value = {
        "/pulp/api/v2/tasks/%C3%A9/              | 404",
        "/pulp/%61pi/v2/tasks/                   | 404",
        "/pulp/api;x/v2/tasks/                   | 404",
        "/pulp/api/v2/tasks/../../../v2/tasks/   | 404",
        "/pulp/api                               | 404",
        "/pulp/api/v2/tasks/a%2Fb/               | 400",
        "/pulp/api/v2/tasks/%00/                 | 400",
        "/pulp/api/v2/tasks/%5C/                 | 400",
        "/%2e%2e/pulp/api/v2/tasks/              | 400",
        "/pulp/api/v2/tasks/..                   | 400",
        "/pulp/api/v2/tasks/.                    | 400",
    })
    void givenPathGrizzlyDecodesToMapIt_get_returnsJsonErrorObjectNever500(String target, int status)
            throws IOException {
        String response = rawExchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        JsonNode error = new ObjectMapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(head).startsWith("HTTP/1.1 " + status).containsIgnoringCase("Content-Type: application/json");
        assertThat(error.get("http_status").asInt()).isEqualTo(status);
        assertThat(error.get("href").asText()).isEqualTo(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {TASKS + "?tag=%41%42", TASKS + "?tag={x}", TASKS + "?tag=a%20b&state=waiting"})
    void givenQueryThatJerseyQuotesOrDecodes_get_isServed(String target) throws IOException {
        String response = rawExchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200");
    }

    /** Each head's {@code ~} stands for a line break. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /pulp/api/v2/tasks/ HTTP/3.7~Host: x                       | 400 | GET | version HTTP/1.1",
        "GET /pulp/api/v2/ta sks/ HTTP/1.1~Host: x                      | 400 | GET | target without spaces",
        "GET /pulp/api/v2/tasks/ HTTP/1.1~NoColon~Host: x           | 400 | GET | without a colon",
        "GET /pulp/api/v2/tasks/ HTTP/1.1~Host: 127.0.0.1:-1            | 400 | GET | Host header",
        "GET /pulp/api/v2/tasks/ HTTP/1.1~Host: a b                     | 400 | GET | Host header",
        "GET /pulp/api/v2/tasks/ HTTP/1.1~Host: x~Expect: gzip      | 417 | GET | 100-continue",
        "GET /pulp/api/v2/tasks/?tag=a>b HTTP/1.1~Host: x               | 400 | GET | query string",
        "GET /pulp/api/v2/tasks/?tag=%22 HTTP/1.1~Host: x~Content-Type: application/ | 400 | GET | header",
        "POST /pulp/api/v2/tasks/ HTTP/1.1~Host: x~Content-Length: abc | 400 | POST | cannot be parsed",
        "GET /pulp/api/v2/tasks/                                              | 400 | '' | Malformed request line",
        "GARBAGE                                                              | 400 | '' | Malformed request line",
        "GET  HTTP/1.1~Host: x                                                 | 400 | '' | Malformed request line",
        "POST 	 HTTP/1.1~Host: x                                              | 400 | POST | Malformed request line",
        "GET /pulp/api/v2/tasks/ HTTP/1.1~Host: x~NoColon~X-Real: y           | 400 | GET | without a colon",
    })
    void givenRequestGrizzlyOrJerseyRefuseBeforeAnyResource_theAnswerIsTheJsonErrorObject(String head, int status,
            String method, String why) throws IOException {
        String response = rawExchange(head.strip().replace("~", "\r\n") + "\r\nConnection: close\r\n\r\n");

        String headers = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(headers).startsWith("HTTP/1.1 " + status).containsIgnoringCase("Content-Type: application/json");
        JsonNode error = new ObjectMapper().readTree(body);
        assertThat(error.get("http_status").asInt()).isEqualTo(status);
        assertThat(error.get("http_request_method").asText()).isEqualTo(method);
        assertThat(error.get("error_message").asText()).contains(why);
        assertThat(error.get("href").isTextual()).isTrue();
    }
}
