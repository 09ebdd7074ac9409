package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.app.Taskmill;
import dev.taskmill.app.SecurityConfig;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.TaskmillConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of tasks-api.md, through the real server on an ephemeral port, on each task
 * store (see the subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TasksApiContractTest {

    private static final String TASKS = "/pulp/api/v2/tasks/";
    private static final String ADMIN_PASSWORD = "contract-admin-password";
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    /** Every key of a call report: the seed's and those Pulp 2.4+ servers added. */
    public static final List<String> REPORT_KEYS = List.of("_href", "task_id", "response", "reasons", "state",
            "job_id", "task_group_id", "schedule_id", "progress", "result", "exception", "traceback", "start_time",
            "finish_time", "tags", "error", "spawned_tasks", "worker_name", "queue", "task_type", "progress_report");

    @TempDir
    static Path dataDir;
    private static Taskmill server;
    private static ApiClient api;

    /** The store the server under test keeps its tasks in, empty. */
    abstract StoreConfig store();

    @BeforeAll
    void startServer() {
        server = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 4, "/pulp/api", Duration.ofHours(1), dataDir,
                new SecurityConfig(true, dataDir.resolve("users.json"), ADMIN_PASSWORD, null, null), store()));
        api = new ApiClient(server.baseUri().resolve("/"), "admin", ADMIN_PASSWORD);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String sleep(double seconds, String resource, String operation, String... tags) {
        String resources = resource == null ? "[]" : """
                [{"resource_type": "repository", "resource_id": "%s", "operation": "%s"}]"""
                .formatted(resource, operation);
        return """
                {"operation": "sleep", "args": {"seconds": %s}, "resources": %s, "tags": [%s]}"""
                .formatted(seconds, resources, quoted(tags));
    }

    private static String quoted(String... values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            quoted.add("\"" + value + "\"");
        }
        return String.join(", ", quoted);
    }

    @Test
    void givenSubmittedSleep_whenPolledToTheEnd_thenEveryFieldFollowsTheContract() {
        String tag = unique("team");
        ApiClient.Reply reply = api.post(TASKS, sleep(0.2, "repo-a", "update", tag));

        assertThat(reply.status()).isEqualTo(202);
        JsonNode report = reply.body();
        String id = report.get("task_id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(report.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(REPORT_KEYS);
        assertThat(report.get("_href").asText()).isEqualTo(TASKS + id + "/");
        assertThat(reply.header("Location")).endsWith(TASKS + id + "/");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(report.get("response").asText()).isEqualTo("accepted");
        assertThat(report.get("reasons")).isEmpty();
        assertThat(report.get("state").asText()).isIn("waiting", "running");
        assertThat(report.get("job_id").isNull()).isTrue();
        assertThat(report.get("task_group_id").isNull()).isTrue();
        assertThat(report.get("schedule_id").isNull()).isTrue();
        assertThat(texts(report.get("tags"))).containsExactly(tag, "pulp:repository:repo-a", "pulp:action:sleep");
        assertThat(report.get("spawned_tasks")).as("the submission names the task it spawned").hasSize(1);
        assertThat(report.get("spawned_tasks").get(0).get("task_id").asText()).isEqualTo(id);
        assertThat(report.get("spawned_tasks").get(0).get("_href").asText()).isEqualTo(TASKS + id + "/");
        assertThat(report.get("task_type").asText()).isEqualTo("sleep");
        assertThat(report.get("error").isNull()).isTrue();
        if (report.get("state").asText().equals("waiting")) {
            assertThat(report.get("worker_name").isNull()).as("not started yet").isTrue();
            assertThat(report.get("queue").isNull()).isTrue();
        }

        JsonNode finished = api.awaitState(id, "finished");

        assertThat(finished.get("spawned_tasks")).as("a task's own report").isEmpty();
        assertThat(finished.get("progress_report")).isEqualTo(finished.get("progress"));
        assertThat(finished.get("error").isNull()).isTrue();

        assertThat(finished.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(REPORT_KEYS);
        assertThat(finished.get("result").get("slept_seconds").asDouble()).isGreaterThanOrEqualTo(0.2);
        assertThat(finished.get("progress").get("total_seconds").asDouble()).isEqualTo(0.2);
        assertThat(finished.get("exception").isNull()).isTrue();
        assertThat(finished.get("traceback").isNull()).isTrue();
        assertThat(finished.get("start_time").asText()).matches(TIME);
        assertThat(finished.get("finish_time").asText()).matches(TIME);
        assertThat(Instant.parse(finished.get("finish_time").asText()))
                .isAfterOrEqualTo(Instant.parse(finished.get("start_time").asText()));
        assertThat(finished.get("response").asText()).isEqualTo("accepted");
        assertThat(finished.get("worker_name").asText()).isIn(knownWorkers());
        assertThat(finished.get("queue")).isEqualTo(finished.get("worker_name"));
    }

    @Test
    void givenTasksThatRanAndOneWaiting_workerName_namesAWorkerOfTheStatusPage_fromTheStartOnly() {
        String repo = unique("repo");
        String first = api.submit(sleep(2, repo, "update")).get("task_id").asText();
        String second = api.submit(sleep(0, repo, "update")).get("task_id").asText();

        JsonNode running = api.awaitState(first, "running");
        JsonNode waiting = api.get(TASKS + second + "/").body();
        assertThat(waiting.get("state").asText()).as("postponed behind the first").isEqualTo("waiting");
        assertThat(waiting.get("worker_name").isNull()).isTrue();
        assertThat(waiting.get("queue").isNull()).isTrue();
        List<String> workers = knownWorkers();
        assertThat(running.get("worker_name").asText()).isIn(workers);
        assertThat(running.get("queue")).isEqualTo(running.get("worker_name"));

        JsonNode ranFirst = api.awaitState(first, "finished");
        JsonNode ranSecond = api.awaitState(second, "finished");
        assertThat(ranFirst.get("worker_name")).as("it keeps the worker that ran it").isEqualTo(running.get("worker_name"));
        assertThat(ranSecond.get("worker_name").asText()).isIn(workers);
        assertThat(ranSecond.get("queue")).isEqualTo(ranSecond.get("worker_name"));
    }

    /** The {@code _id} of every worker {@code GET /v2/status/} lists. */
    private static List<String> knownWorkers() {
        ApiClient.Reply status = api.get("/pulp/api/v2/status/");
        assertThat(status.status()).isEqualTo(200);
        List<String> workers = new ArrayList<>();
        status.body().get("known_workers").forEach(worker -> workers.add(worker.get("_id").asText()));
        assertThat(workers).isNotEmpty();
        return workers;
    }

    @Test
    void givenPathWithoutTrailingSlash_whenPolled_thenSameReport() {
        String id = api.submit(sleep(0, null, null)).get("task_id").asText();

        ApiClient.Reply withSlash = api.get(TASKS + id + "/");
        ApiClient.Reply withoutSlash = api.get("/pulp/api/v2/tasks/" + id);

        assertThat(withSlash.status()).isEqualTo(200);
        assertThat(withoutSlash.status()).isEqualTo(200);
        assertThat(withoutSlash.body().get("task_id").asText()).isEqualTo(id);
        assertThat(api.get("/pulp/api/v2/tasks").status()).isEqualTo(200);
    }

    @Test
    void givenUnknownOrMalformedId_whenPolled_then404ErrorObject() {
        String missing = UUID.randomUUID().toString();

        ApiClient.Reply reply = api.get(TASKS + missing + "/");
        ApiClient.Reply malformed = api.get(TASKS + "not-a-uuid/");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().get("http_status").asInt()).isEqualTo(404);
        assertThat(reply.body().get("http_request_method").asText()).isEqualTo("GET");
        assertThat(reply.body().get("error_message").asText()).isEqualTo("Missing resource: task " + missing);
        assertThat(reply.body().get("href").asText()).isEqualTo(TASKS + missing + "/");
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(malformed.body().get("http_status").asInt()).isEqualTo(404);
    }

    @Test
    void givenConflictingUpdates_whenSubmitted_thenLaterArePostponedWithReasonsAndRunInOrder() {
        String repo = unique("repo");
        String first = api.submit(sleep(0.3, repo, "update")).get("task_id").asText();
        JsonNode second = api.submit(sleep(0.1, repo, "update"));
        JsonNode third = api.submit(sleep(0.1, repo, "update"));

        assertThat(second.get("response").asText()).isEqualTo("postponed");
        assertThat(second.get("state").asText()).isEqualTo("waiting");
        JsonNode reason = second.get("reasons").get(0);
        assertThat(reason.get("resource_type").asText()).isEqualTo("repository");
        assertThat(reason.get("resource_id").asText()).isEqualTo(repo);
        assertThat(reason.get("operation").asText()).isEqualTo("update");
        assertThat(second.get("reasons")).hasSize(1);
        assertThat(third.get("response").asText()).isEqualTo("postponed");

        JsonNode firstDone = api.awaitState(first, "finished");
        JsonNode secondDone = api.awaitState(second.get("task_id").asText(), "finished");
        JsonNode thirdDone = api.awaitState(third.get("task_id").asText(), "finished");
        assertThat(time(secondDone, "start_time")).isAfterOrEqualTo(time(firstDone, "finish_time"));
        assertThat(time(thirdDone, "start_time")).isAfterOrEqualTo(time(secondDone, "finish_time"));
        assertThat(secondDone.get("response").asText()).as("response never changes").isEqualTo("postponed");
    }

    @Test
    void givenPendingCreate_whenAnotherCreateSubmitted_then409WithReasonsAndNothingQueued() {
        String repo = unique("repo");
        String tag = unique("create");
        api.submit(sleep(1, repo, "create", tag));

        ApiClient.Reply reply = api.post(TASKS, sleep(0, repo, "create", tag));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body().get("http_status").asInt()).isEqualTo(409);
        assertThat(reply.body().get("http_request_method").asText()).isEqualTo("POST");
        assertThat(reply.body().get("error_message").asText()).isNotBlank();
        JsonNode reason = reply.body().get("reasons").get(0);
        assertThat(reason.get("resource_id").asText()).isEqualTo(repo);
        assertThat(reason.get("operation").asText()).isEqualTo("create");
        assertThat(api.get(TASKS + "?tag=" + tag).body()).hasSize(1);
    }

    @Test
    void givenPendingDelete_whenAnythingButCreateSubmitted_then409ButCreateIsPostponed() {
        String repo = unique("repo");
        api.submit(sleep(1, repo, "delete"));

        assertThat(api.post(TASKS, sleep(0, repo, "read")).status()).isEqualTo(409);
        assertThat(api.post(TASKS, sleep(0, repo, "update")).status()).isEqualTo(409);
        assertThat(api.post(TASKS, sleep(0, repo, "delete")).status()).isEqualTo(409);
        JsonNode create = api.submit(sleep(0, repo, "create"));
        assertThat(create.get("response").asText()).isEqualTo("postponed");
        assertThat(create.get("reasons").get(0).get("operation").asText()).isEqualTo("delete");
    }

    @Test
    void givenRunningUpdate_whenReadSubmitted_thenAcceptedAndRunsBesideIt() {
        String repo = unique("repo");
        String update = api.submit(sleep(2, repo, "update")).get("task_id").asText();
        api.awaitState(update, "running");

        JsonNode read = api.submit(sleep(0, repo, "read"));

        assertThat(read.get("response").asText()).isEqualTo("accepted");
        assertThat(read.get("reasons")).isEmpty();
        api.awaitState(read.get("task_id").asText(), "finished");
        assertThat(api.get(TASKS + update + "/").body().get("state").asText()).isEqualTo("running");
        assertThat(api.delete(TASKS + update + "/").status()).isEqualTo(200);
    }

    @Test
    void givenTags_whenListedByTag_thenOnlyTasksCarryingEveryTagOldestFirst() {
        String team = unique("team");
        String other = unique("other");
        String repo = unique("repo");
        String both1 = api.submit(sleep(2, null, null, team, other)).get("task_id").asText();
        api.submit(sleep(2, null, null, team));
        String both2 = api.submit(sleep(2, repo, "read", team, other)).get("task_id").asText();

        JsonNode listed = api.get(TASKS + "?tag=" + team + "&tag=" + other).body();
        JsonNode byResource = api.get(TASKS + "?tag=pulp:repository:" + repo + "&tag=pulp:action:sleep").body();

        assertThat(ids(listed)).containsExactly(both1, both2);
        assertThat(ids(byResource)).containsExactly(both2);
        assertThat(listed.get(0).fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(REPORT_KEYS);
        for (JsonNode report : api.get(TASKS + "?tag=" + team).body()) {
            assertThat(api.delete(report.get("_href").asText()).status()).isEqualTo(200);
        }
        assertThat(api.get(TASKS + "?tag=" + team).body()).as("listing shows only waiting and running").isEmpty();
    }

    @Test
    void givenWaitingTask_whenCancelled_then200NullAndItNeverStarts() {
        String repo = unique("repo");
        String blocker = api.submit(sleep(1, repo, "update")).get("task_id").asText();
        String waiting = api.submit(sleep(0, repo, "update")).get("task_id").asText();

        ApiClient.Reply reply = api.delete(TASKS + waiting + "/");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.raw().body().strip()).isEqualTo("null");
        JsonNode canceled = api.get(TASKS + waiting + "/").body();
        assertThat(canceled.get("state").asText()).isEqualTo("canceled");
        assertThat(canceled.get("finish_time").asText()).matches(TIME);
        api.awaitState(blocker, "finished");
        assertThat(api.get(TASKS + waiting + "/").body().get("start_time").isNull()).isTrue();
    }

    @Test
    void givenRunningTask_whenCancelled_thenCanceledAndSuccessorRunsAfterIt() {
        String repo = unique("repo");
        String running = api.submit(sleep(30, repo, "update")).get("task_id").asText();
        api.awaitState(running, "running");
        String successor = api.submit(sleep(0, repo, "update")).get("task_id").asText();

        ApiClient.Reply reply = api.delete("/pulp/api/v2/tasks/" + running);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.raw().body().strip()).isEqualTo("null");
        JsonNode canceled = api.get(TASKS + running + "/").body();
        assertThat(canceled.get("state").asText()).isEqualTo("canceled");
        JsonNode next = api.awaitState(successor, "finished");
        assertThat(time(next, "start_time")).isAfterOrEqualTo(time(canceled, "finish_time"));
        assertThat(api.get(TASKS + running + "/").body().get("result").isNull()).isTrue();
    }

    @Test
    void givenRunningNonCancellableTask_whenCancelled_then501AndItFinishes() {
        String id = api.submit("""
                {"operation": "sleep", "args": {"seconds": 0.5, "cancellable": false}}""").get("task_id").asText();
        api.awaitState(id, "running");

        ApiClient.Reply reply = api.delete(TASKS + id + "/");

        assertThat(reply.status()).isEqualTo(501);
        assertThat(reply.body().get("http_status").asInt()).isEqualTo(501);
        assertThat(reply.body().get("http_request_method").asText()).isEqualTo("DELETE");
        assertThat(api.awaitState(id, "finished").get("result")).isNotNull();
    }

    @Test
    void givenTerminalTask_whenCancelled_then200NullAndUnchanged_andUnknownTask404() {
        String id = api.submit(sleep(0, null, null)).get("task_id").asText();
        JsonNode finished = api.awaitState(id, "finished");

        ApiClient.Reply terminal = api.delete(TASKS + id + "/");
        ApiClient.Reply unknown = api.delete(TASKS + UUID.randomUUID() + "/");

        assertThat(terminal.status()).isEqualTo(200);
        assertThat(terminal.body().isNull()).as("body null").isTrue();
        assertThat(api.get(TASKS + id + "/").body()).isEqualTo(finished);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("http_request_method").asText()).isEqualTo("DELETE");
    }

    @Test
    void givenTimeLimit_whenExceeded_thenErrorWithTheTimeLimitCodeNamingTheLimit() {
        String id = api.submit("""
                {"operation": "sleep", "args": {"seconds": 30}, "timeout_seconds": 0.3}""").get("task_id").asText();

        JsonNode report = api.awaitState(id, "error");

        assertThat(report.get("exception").asText())
                .isEqualTo("TimeoutException: the task ran longer than its time limit of 0.3 seconds");
        assertThat(report.get("error").get("code").asText()).isEqualTo("TMK0002");
        assertThat(report.get("error").get("description").asText()).contains("time limit of 0.3 seconds");
        assertThat(report.get("finish_time").asText()).matches(TIME);
        assertThat(report.get("result").isNull()).isTrue();
    }

    @Test
    void givenFailingOperation_whenRun_thenErrorWithExceptionAndTraceback() {
        String id = api.submit("""
                {"operation": "sleep", "args": {"seconds": 0, "fail_with": "disk full"}}""").get("task_id").asText();

        JsonNode report = api.awaitState(id, "error");

        assertThat(report.get("exception").asText()).matches("\\w+: disk full");
        assertThat(report.get("error").get("code").asText()).isEqualTo("TMK0001");
        assertThat(report.get("error").get("data").get("message").asText()).isEqualTo("disk full");
        assertThat(report.get("error").get("sub_errors")).isEmpty();
        assertThat(report.get("traceback").asText()).contains("disk full").contains("\n");
        assertThat(report.get("result").isNull()).isTrue();
    }

    @Test
    void givenFinishedTasks_whenListedByStateWithLimit_thenPagesFollowTheLinkHeader() {
        String tag = unique("paged");
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(api.submit(sleep(0, null, null, tag)).get("task_id").asText());
        }
        submitted.forEach(id -> api.awaitState(id, "finished"));

        ApiClient.Reply page1 = api.get(TASKS + "?tag=" + tag + "&state=finished&limit=2");
        String next = nextLink(page1);
        ApiClient.Reply page2 = api.get(next);

        assertThat(page1.status()).isEqualTo(200);
        assertThat(ids(page1.body())).containsExactlyElementsOf(submitted.subList(0, 2));
        assertThat(next).contains("tag=" + tag).contains("limit=2");
        assertThat(ids(page2.body())).containsExactly(submitted.get(2));
        assertThat(page2.header("Link")).isNull();
        assertThat(api.get(TASKS + "?tag=" + tag).body()).isEmpty();
        assertThat(ids(api.get(TASKS + "?tag=" + tag + "&state=finished&state=error").body()))
                .containsExactlyElementsOf(submitted);
    }

    @Test
    void givenNoLogin_statusPage_showsTheVersionTheStoreAndThisServersWorkers() throws Exception {
        java.net.http.HttpResponse<String> reply = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.baseUri().resolve("v2/status/")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body());
        assertThat(status.fieldNames()).toIterable().containsExactlyInAnyOrder("api_version", "versions",
                "database_connection", "messaging_connection", "known_workers");
        assertThat(status.get("api_version").asText()).isEqualTo("2");
        assertThat(status.get("versions").get("platform_version").asText()).isNotBlank();
        assertThat(status.get("database_connection").get("connected").asBoolean()).isTrue();
        JsonNode workers = status.get("known_workers");
        assertThat(workers).hasSizeGreaterThanOrEqualTo(4);
        assertThat(workers.get(0).get("_id").asText()).matches("taskmill-[0-9a-f]{8}-1");
        assertThat(workers.get(0).get("_ns").asText()).isEqualTo("workers");
        assertThat(workers.get(0).get("last_heartbeat").asText()).matches(TIME);
        assertThat(reply.body()).doesNotContain("admin").doesNotContain("task_id");
    }

    @Test
    void givenBadRequests_whenSent_thenJsonErrorsWithTheRightStatus() {
        assertError(api.post(TASKS, "{\"operation\": "), 400);
        assertError(api.post(TASKS, "{\"operation\": \"nope\"}"), 400);
        assertError(api.post(TASKS, "{\"operation\": \"sleep\", \"args\": {\"seconds\": -1}}"), 400);
        assertError(api.post(TASKS, "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"bogus\": 1}"), 400);
        assertError(api.get(TASKS + "?state=sleeping"), 400);
        assertError(api.get(TASKS + "?limit=0"), 400);
        assertError(api.send(java.net.http.HttpRequest.newBuilder(server.baseUri().resolve("v2/tasks/"))
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("sleep"))), 415);
        assertError(api.post(TASKS, "{\"operation\": \"sleep\", \"args\": {\"seconds\": 0, \"pad\": \""
                + "x".repeat(1_100_000) + "\"}}"), 413);
        assertError(api.get("/pulp/api/v2/nothing-here"), 404);
        assertError(api.get("/elsewhere"), 404);
        assertError(api.send(java.net.http.HttpRequest.newBuilder(server.baseUri().resolve("v2/tasks/"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))), 405);
    }

    private static void assertError(ApiClient.Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply.raw().uri()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.body().get("http_status").asInt()).isEqualTo(status);
        assertThat(reply.body().get("error_message").asText()).isNotBlank().doesNotContain("\tat ");
        assertThat(reply.body().has("http_request_method")).isTrue();
        assertThat(reply.body().has("href")).isTrue();
    }

    private static String nextLink(ApiClient.Reply reply) {
        String link = reply.header("Link");
        assertThat(link).as("Link header").isNotNull().contains("rel=\"next\"");
        Matcher matcher = Pattern.compile("<([^>]+)>").matcher(link);
        assertThat(matcher.find()).isTrue();
        URI uri = URI.create(matcher.group(1));
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static Instant time(JsonNode report, String field) {
        return Instant.parse(report.get(field).asText());
    }

    private static List<String> ids(JsonNode reports) {
        List<String> ids = new ArrayList<>();
        reports.forEach(report -> ids.add(report.get("task_id").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
