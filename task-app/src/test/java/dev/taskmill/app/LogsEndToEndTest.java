package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logs of real server processes: {@code --log-format json} writes one JSON object a line,
 * with {@code task_id} on the lines a worker logs while a task runs; {@code --log-level} changes
 * what appears (the audit lines stay); {@code --access-log} logs each request with its fields.
 */
class LogsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct-horse-battery";
    private static final String SLEEP = "{\"operation\": \"sleep\", \"args\": {\"seconds\": 0}}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void jsonAtDebugWithTheAccessLog_everyLineIsAJsonObject_theTasksLinesNameIt_andEachRequestIsLogged()
            throws Exception {
        try (MainProcess node = start(0, "--log-format", "json", "--log-level", "debug", "--access-log")) {
            URI api = URI.create(awaitJson(node, line -> line.path("message").asText().startsWith("Taskmill listening"))
                    .path("message").asText().replaceFirst("^Taskmill listening on ", ""));
            HttpResponse<String> submitted = send(HttpRequest.newBuilder(api.resolve("v2/tasks/"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SLEEP)));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String taskId = JSON.readTree(submitted.body()).path("task_id").asText();
            Eventually.await(Duration.ofSeconds(20), "the task finished", () -> JSON.readTree(
                    send(HttpRequest.newBuilder(api.resolve("v2/tasks/" + taskId + "/")).GET()).body())
                    .path("state").asText().equals("finished"));

            JsonNode ran = awaitJson(node, line -> taskId.equals(line.path("task_id").asText())
                    && line.path("message").asText().contains("returned"));
            assertThat(ran.path("logger").asText()).isEqualTo("dev.taskmill.application.engine.TaskEngine");
            assertThat(ran.path("level").asText()).isEqualTo("DEBUG");
            assertThat(ran.path("thread").asText()).startsWith("taskmill-worker-");
            JsonNode access = awaitJson(node, line -> line.path("logger").asText().equals(Logging.ACCESS)
                    && line.path("method").asText().equals("POST"));
            assertThat(access.path("path").asText()).isEqualTo(api.getPath() + "v2/tasks/");
            assertThat(access.path("status").asInt()).isEqualTo(202);
            assertThat(access.path("user").asText()).isEqualTo("admin");
            assertThat(access.path("duration_ms").isNumber()).as("%s", access).isTrue();
            assertThat(access.path("message").asText()).startsWith("POST " + api.getPath() + "v2/tasks/ 202 user=admin ");
            JsonNode audit = awaitJson(node, line -> line.path("logger").asText().equals(Logging.AUDIT));
            assertThat(audit.path("message").asText()).contains("user=admin action=submit task=" + taskId);
            assertThat(audit.has("task_id")).as("the audit line is no worker's: %s", audit).isFalse();

            for (JsonNode line : jsonLines(node)) {
                assertThat(line.path("time").asText()).as("%s", line).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z");
                assertThat(line.path("level").asText()).as("%s", line).isIn("ERROR", "WARN", "INFO", "DEBUG");
                assertThat(line.path("logger").asText()).as("%s", line).isNotBlank();
                assertThat(line.has("message")).as("%s", line).isTrue();
            }
        }
    }

    @Test
    void textAtWarn_showsNoInfoButTheAuditLines_andNoAccessLogUnlessAsked() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (MainProcess node = start(port, "--log-level", "warn")) {
            URI api = URI.create("http://127.0.0.1:" + port + "/pulp/api/");
            Eventually.await(Duration.ofSeconds(30), "the server serving", () -> {
                try {
                    return send(HttpRequest.newBuilder(api.resolve("/health/live")).GET()).statusCode() == 200;
                } catch (IOException notYet) {
                    assertThat(node.process().isAlive()).as("the node runs; output: %s", node.output()).isTrue();
                    Thread.sleep(100);
                    return false;
                }
            });
            HttpResponse<String> submitted = send(HttpRequest.newBuilder(api.resolve("v2/tasks/"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SLEEP)));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);

            String audit = node.awaitOutput(line -> line.contains("action=submit"));
            assertThat(audit).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ \\[INFO\\] audit - user=admin action=submit .*");
            Thread.sleep(500); // the task runs meanwhile
            assertThat(node.output()).doesNotContain("Taskmill listening").doesNotContain("[DEBUG]")
                    .doesNotContain("user=admin 2").doesNotContain("{\"time\"");
        }
    }

    private MainProcess start(int port, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--data-dir", dir.toString(), "--users-file",
                dir.resolve("users.json").toString()));
        args.addAll(List.of(options));
        return MainProcess.start(Map.of(Main.ADMIN_PASSWORD_VARIABLE, PASSWORD), "", args.toArray(String[]::new));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every line of the node's output, each as the JSON object it must be. */
    private static List<JsonNode> jsonLines(MainProcess node) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : node.output().lines().toList()) {
            JsonNode json;
            try {
                json = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertThat(json.isObject()).as("a JSON object: %s", line).isTrue();
            lines.add(json);
        }
        return lines;
    }

    private static JsonNode awaitJson(MainProcess node, java.util.function.Predicate<JsonNode> wanted) {
        return Eventually.awaitPresent(MainProcess.DEADLINE, "the expected JSON line in the output", () -> {
            Optional<JsonNode> line = jsonLines(node).stream().filter(wanted).findFirst();
            if (line.isEmpty() && !node.process().isAlive()) {
                throw new AssertionError("The process ended; output:\n" + node.output());
            }
            return line;
        });
    }
}
