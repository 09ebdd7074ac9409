package dev.taskmill.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Plain HTTP to a node of the fault tests, without authentication ({@code --auth none}): every
 * request has a time limit, and a broken connection is an {@link IOException} for the caller to
 * judge (a node killed mid-request leaves the outcome unknown).
 */
final class NodeHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    /** All the states a listing can ask for: with them it lists every task, oldest (first admitted) first. */
    static final String EVERY_STATE = "state=waiting&state=running&state=finished&state=error&state=canceled"
            + "&state=skipped";

    private final HttpClient http;
    private final Duration requestTimeout;

    NodeHttp(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** One answer, and how long it took. */
    record Reply(int status, HttpResponse<String> raw, Duration took) {

        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + raw.body(), e);
            }
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        String body() {
            return raw.body();
        }

        @Override
        public String toString() {
            return status + " after " + took.toMillis() + " ms: " + raw.body();
        }
    }

    Reply get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    Reply delete(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).DELETE());
    }

    Reply post(URI uri, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request.timeout(requestTimeout).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response, Duration.ofNanos(System.nanoTime() - start));
    }
}
