package dev.taskmill.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One real server per test class on a free port, backed by {@link FakeUseCases}. */
abstract class RestServerTestBase {

    static final String ROOT = "/pulp/api";
    static final String TASKS = ROOT + "/v2/tasks/";

    static final FakeUseCases fakes = new FakeUseCases();
    static RestServer server;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void startServer() {
        server = RestServer.start(new RestSettings("127.0.0.1", 0, ROOT), fakes.useCases());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetFakes() {
        fakes.reset();
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(10));
    }

    static HttpReply get(String path) {
        return send(request(path).GET());
    }

    static HttpReply delete(String path) {
        return send(request(path).DELETE());
    }

    static HttpReply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static HttpReply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpReply(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError("Request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends {@code request} as raw bytes on a new connection and returns everything the server answers. */
    static String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The reply is the contract's error object, as JSON, free of Java and HTML; returns its message. */
    static String assertErrorObject(HttpReply reply, int status, String method, String href) {
        assertThat(reply.status()).as("status, body %s", reply.text()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.text()).doesNotContain("Exception").doesNotContainIgnoringCase("<html")
                .doesNotContain("\tat ").doesNotContain("java.").doesNotContain("jakarta.")
                .doesNotContain("com.fasterxml").doesNotContain("dev.taskmill");
        JsonNode body = reply.json();
        assertThat(body.get("http_status").asInt()).isEqualTo(status);
        assertThat(body.get("http_request_method").asText()).isEqualTo(method);
        assertThat(body.get("href").asText()).isEqualTo(href);
        assertThat(body.get("error_message").asText()).isNotBlank();
        return body.get("error_message").asText();
    }
}
