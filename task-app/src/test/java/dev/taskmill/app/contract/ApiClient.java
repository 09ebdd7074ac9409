package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

/** A small HTTP client for the tasks API, for tests. */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI root;

    private final String authorization;

    /**
     * @param root the server's root, such as {@code http://127.0.0.1:1234/}
     * @param user the user every request is sent as
     */
    ApiClient(URI root, String user, String password) {
        this(root, "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** A client that sends no credentials. */
    static ApiClient anonymous(URI root) {
        return new ApiClient(root, null);
    }

    private ApiClient(URI root, String authorization) {
        this.root = root;
        this.authorization = authorization;
    }

    /** The parsed response of one request. */
    record Reply(int status, HttpResponse<String> raw, JsonNode body) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(root.resolve(path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(root.resolve(path)).DELETE());
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(root.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply send(HttpRequest.Builder request) {
        try {
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json");
            JsonNode body = response.body().isEmpty() ? null
                    : json ? JSON.readTree(response.body()) : JSON.getNodeFactory().textNode(response.body());
            return new Reply(response.statusCode(), response, body);
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Submits a call and returns its call report, failing unless the reply is 202. */
    JsonNode submit(String json) {
        Reply reply = post("/pulp/api/v2/tasks/", json);
        if (reply.status() != 202) {
            fail("Expected 202 for " + json + " but got " + reply.status() + ": " + reply.body());
        }
        return reply.body();
    }

    /** The task's report once {@code condition} holds; fails after 15 seconds. */
    JsonNode awaitReport(String taskId, Predicate<JsonNode> condition, String description) {
        return Eventually.await(Duration.ofSeconds(15), "task " + taskId + " " + description,
                () -> get("/pulp/api/v2/tasks/" + taskId + "/").body(), condition);
    }

    JsonNode awaitState(String taskId, String state) {
        return awaitReport(taskId, report -> state.equals(report.path("state").asText()), state);
    }
}
