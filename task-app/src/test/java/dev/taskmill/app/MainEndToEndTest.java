package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.app.contract.TasksApiContractTest;
import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real {@link Main} in its own JVM and drives it over HTTP, as a user would. */
class MainEndToEndTest {

    private static final Pattern LISTENING = Pattern.compile("Taskmill listening on (http://\\S+)");
    private static final Pattern INITIAL_PASSWORD = Pattern.compile("^Initial admin password: (\\S+)$");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private MainProcess main;
    private Process process;
    private String authorization;

    @AfterEach
    void killLeftoverServer() throws IOException {
        if (main != null) {
            main.close();
        }
    }

    @Test
    void givenServerOnPortZero_sleepCall_isSubmittedPolledAndFinished_andSigtermStopsTheServer() throws Exception {
        URI api = startMain("--port", "0", "--workers", "2", "--data-dir", dataDir.toString(), "--shutdown-grace",
                "PT1S");

        HttpResponse<String> submitted = post(api.resolve("v2/tasks/"),
                "{\"operation\": \"sleep\", \"args\": {\"seconds\": 0.3}, \"tags\": [\"e2e\"]}");
        assertThat(submitted.statusCode()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(submitted.body());
        String href = accepted.get("_href").asText();
        assertThat(submitted.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith(href));
        assertThat(accepted.get("response").asText()).isEqualTo("accepted");

        JsonNode report = awaitReport(api.resolve(href), node -> node.get("state").asText().equals("finished"));
        assertFinishedSleepReport(report, href);

        HttpResponse<String> long60 = post(api.resolve("v2/tasks/"),
                "{\"operation\": \"sleep\", \"args\": {\"seconds\": 60, \"cancellable\": false}}");
        assertThat(long60.statusCode()).isEqualTo(202);
        awaitReport(api.resolve(JSON.readTree(long60.body()).get("_href").asText()),
                node -> node.get("state").asText().equals("running"));

        long signalled = System.nanoTime();
        process.destroy();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(10));
        awaitOutput(line -> line.contains("1 tasks were still running after the grace of PT1S: stopping them"));
        awaitOutput(line -> line.contains("Taskmill stopped"));
    }

    @Test
    void givenNoDataDir_mainCreatesDataInItsWorkingDirectory_whereDigestReadsFilesButNeverTheUsersFile()
            throws Exception {
        Path data = dataDir.resolve("data");
        URI api = startMainIn(dataDir, Path.of("data", "users.json"), "--port", "0");
        assertThat(data).isDirectory();
        awaitOutput(line -> line.contains("data dir " + data));
        Files.writeString(data.resolve("abc.txt"), "abc", StandardCharsets.US_ASCII);
        Files.createSymbolicLink(data.resolve("alias.json"), data.resolve("users.json"));

        HttpResponse<String> readable = post(api.resolve("v2/tasks/"),
                "{\"operation\": \"digest\", \"args\": {\"path\": \"abc.txt\"}}");
        HttpResponse<String> usersFile = post(api.resolve("v2/tasks/"),
                "{\"operation\": \"digest\", \"args\": {\"path\": \"users.json\"}}");
        HttpResponse<String> linked = post(api.resolve("v2/tasks/"),
                "{\"operation\": \"digest\", \"args\": {\"path\": \"alias.json\"}}");

        assertThat(readable.statusCode()).isEqualTo(202);
        JsonNode report = awaitReport(api.resolve(JSON.readTree(readable.body()).get("_href").asText()),
                node -> node.get("state").asText().equals("finished"));
        assertThat(report.get("result").get("digest").asText())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(usersFile.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(usersFile.body()).get("error_message").asText())
                .contains("argument 'path' is one of the server's credential files, which no operation may read:"
                        + " users.json");
        assertThat(linked.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(linked.body()).get("error_message").asText()).contains("credential files");
    }

    private void assertFinishedSleepReport(JsonNode report, String href) {
        List<String> keys = new ArrayList<>();
        report.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrderElementsOf(TasksApiContractTest.REPORT_KEYS);
        String taskId = report.get("task_id").asText();
        assertThat(taskId).matches(UUID);
        assertThat(report.get("_href").asText()).isEqualTo(href).isEqualTo("/pulp/api/v2/tasks/" + taskId + "/");
        assertThat(report.get("response").asText()).isEqualTo("accepted");
        assertThat(report.get("reasons").isArray()).isTrue();
        assertThat(report.get("reasons")).isEmpty();
        assertThat(report.get("job_id").isNull()).isTrue();
        assertThat(report.get("task_group_id").isNull()).isTrue();
        assertThat(report.get("schedule_id").isNull()).isTrue();
        assertThat(report.get("progress").get("elapsed_seconds").asDouble()).isEqualTo(0.3);
        assertThat(report.get("progress").get("total_seconds").asDouble()).isEqualTo(0.3);
        assertThat(report.get("result").get("slept_seconds").asDouble()).isEqualTo(0.3);
        assertThat(report.get("exception").isNull()).isTrue();
        assertThat(report.get("traceback").isNull()).isTrue();
        String start = report.get("start_time").asText();
        String finish = report.get("finish_time").asText();
        assertThat(start).matches(TIMESTAMP);
        assertThat(finish).matches(TIMESTAMP);
        assertThat(Duration.between(Instant.parse(start), Instant.parse(finish)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        List<String> tags = new ArrayList<>();
        report.get("tags").forEach(tag -> tags.add(tag.asText()));
        assertThat(tags).containsExactlyInAnyOrder("e2e", "pulp:action:sleep");
    }

    /** Starts {@code Main} on the test class path and returns the API root it logs. */
    private URI startMain(String... args) throws IOException, InterruptedException {
        return startMainIn(null, dataDir.resolve("users.json"), args);
    }

    /** {@link #startMain} in {@code workingDirectory}, with {@code usersFile} (relative to it unless absolute). */
    private URI startMainIn(Path workingDirectory, Path usersFile, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--users-file", usersFile.toString()));
        main = MainProcess.startIn(workingDirectory, Map.of(), "", command.toArray(String[]::new));
        process = main.process();
        Matcher listening = LISTENING.matcher(awaitOutput(line -> LISTENING.matcher(line).find()));
        assertThat(listening.find()).isTrue();
        // a first start: the users file is new, and the console shows admin's password once
        Matcher password = INITIAL_PASSWORD.matcher(awaitOutput(line -> INITIAL_PASSWORD.matcher(line).matches()));
        assertThat(password.matches()).isTrue();
        Path users = workingDirectory == null ? usersFile : workingDirectory.resolve(usersFile);
        assertThat(Files.readString(users)).doesNotContain(password.group(1));
        authorization = "Basic " + java.util.Base64.getEncoder().encodeToString(
                ("admin:" + password.group(1)).getBytes(StandardCharsets.UTF_8));
        return URI.create(listening.group(1));
    }

    private String awaitOutput(Predicate<String> wanted) throws IOException, InterruptedException {
        return main.awaitOutput(wanted);
    }

    private JsonNode awaitReport(URI task, Predicate<JsonNode> wanted) {
        return Eventually.await(DEADLINE, "task " + task + " as expected", () -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(task).header("Authorization", authorization)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return JSON.readTree(response.body());
        }, wanted);
    }

    private HttpResponse<String> post(URI uri, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
