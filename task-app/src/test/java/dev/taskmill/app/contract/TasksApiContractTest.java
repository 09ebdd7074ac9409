package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.adapter.usersfile.UsersFile;
import dev.taskmill.app.Taskmill;
import dev.taskmill.app.SecurityConfig;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.TaskmillConfig;
import dev.taskmill.application.service.UserAdministration;
import dev.taskmill.domain.Permission;
import dev.taskmill.testing.Eventually;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    private static final String GROUPS = "/pulp/api/v2/task_groups/";
    /** Every key of a group's state summary. */
    private static final List<String> SUMMARY_KEYS = List.of("accepted", "finished", "running", "canceled",
            "waiting", "skipped", "suspended", "error", "total");
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
        // users who may submit but neither read nor cancel others' tasks, for the owner rule
        UserAdministration users = new UserAdministration(UsersFile.open(dataDir.resolve("users.json")));
        for (String user : List.of("gail", "otto")) {
            users.addUser(user, (user + "-password").toCharArray(), Set.of(Permission.CREATE));
        }
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** The body of a {@code sleep} call, with one claim on a repository unless {@code resource} is null. */
    static String sleep(double seconds, String resource, String operation, String... tags) {
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

    // task groups

    @Test
    void givenThreeCalls_whenSubmittedAsAGroup_then202WithTheGroup_andEachTaskCarriesItsId() {
        String tag = unique("group");
        String repo = unique("repo");

        ApiClient.Reply reply = api.post(GROUPS, group(sleep(0.2, repo, "create", tag), sleep(0, repo, "update", tag),
                sleep(0, null, null, tag)));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode body = reply.body();
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("group_id", "_href", "spawned_tasks");
        String groupId = body.get("group_id").asText();
        assertThat(groupId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(body.get("_href").asText()).isEqualTo(GROUPS + groupId + "/");
        List<String> spawned = new ArrayList<>();
        for (JsonNode task : body.get("spawned_tasks")) {
            spawned.add(task.get("task_id").asText());
            assertThat(task.get("_href").asText()).isEqualTo(TASKS + task.get("task_id").asText() + "/");
        }
        assertThat(spawned).hasSize(3).doesNotHaveDuplicates();
        assertThat(ids(api.get(TASKS + "?tag=" + tag + "&state=waiting&state=running&state=finished").body()))
                .as("admitted in the order of the calls").containsExactlyElementsOf(spawned);
        List<JsonNode> reports = spawned.stream().map(id -> api.awaitState(id, "finished")).toList();
        for (JsonNode report : reports) {
            assertThat(report.get("job_id").asText()).isEqualTo(groupId);
            assertThat(report.get("task_group_id").asText()).isEqualTo(groupId);
        }
        assertThat(reports.get(1).get("response").asText()).as("behind the group's own create")
                .isEqualTo("postponed");
        assertThat(time(reports.get(1), "start_time")).isAfterOrEqualTo(time(reports.get(0), "finish_time"));
        assertThat(summary(groupId)).containsExactly(0, 3, 0, 0, 0, 0, 0, 0, 3);
    }

    @Test
    void givenThirdCallRejected_whenGroupSubmitted_then409NamingIt_andNoCallIsQueued() {
        String repo = unique("repo");
        String free = unique("free");
        String tag = unique("rejected");
        String blocker = api.submit(sleep(30, repo, "create")).get("task_id").asText();

        ApiClient.Reply reply = api.post(GROUPS, group(sleep(0, free, "update", tag), sleep(0, null, null, tag),
                sleep(0, repo, "create", tag)));

        assertThat(reply.status()).isEqualTo(409);
        JsonNode body = reply.body();
        assertThat(body.get("http_status").asInt()).isEqualTo(409);
        assertThat(body.get("http_request_method").asText()).isEqualTo("POST");
        assertThat(body.get("href").asText()).isEqualTo(GROUPS);
        assertThat(body.get("call_index").asInt()).isEqualTo(2);
        assertThat(body.get("error_message").asText()).startsWith("calls[2] rejected: it conflicts with a pending"
                + " create of repository " + repo);
        assertThat(body.get("reasons")).hasSize(1);
        assertThat(body.get("reasons").get(0).get("resource_id").asText()).isEqualTo(repo);
        assertThat(body.get("reasons").get(0).get("operation").asText()).isEqualTo("create");
        assertThat(api.get(TASKS + "?tag=" + tag + "&state=waiting&state=running&state=finished&state=error"
                + "&state=canceled&state=skipped").body()).as("no task of the group").isEmpty();
        assertThat(api.submit(sleep(0, free, "create")).get("response").asText())
                .as("the first call's resource is not held").isEqualTo("accepted");
        assertThat(api.delete(TASKS + blocker + "/").status()).isEqualTo(200);
    }

    @Test
    void givenGroupRunning_stateSummary_countsItsTasksAsTheyRun() {
        String repo = unique("repo");
        JsonNode submitted = api.post(GROUPS, group(sleep(30, repo, "update"), sleep(0, repo, "update"),
                sleep(0, null, null), """
                {"operation": "sleep", "args": {"seconds": 0, "fail_with": "disk full"}}""")).body();
        String groupId = submitted.get("group_id").asText();
        List<String> tasks = spawnedIds(submitted);
        api.awaitState(tasks.get(0), "running");
        api.awaitState(tasks.get(2), "finished");
        api.awaitState(tasks.get(3), "error");

        ApiClient.Reply reply = api.get(GROUPS + groupId + "/state_summary/");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(SUMMARY_KEYS);
        assertThat(summary(groupId)).as(SUMMARY_KEYS.toString()).containsExactly(0, 1, 1, 0, 1, 0, 0, 1, 4);
        assertThat(api.get("/pulp/api/v2/task_groups/" + groupId + "/state_summary").status()).isEqualTo(200);

        assertThat(api.delete(GROUPS + groupId + "/").status()).isEqualTo(200);
        assertThat(summary(groupId)).containsExactly(0, 1, 0, 2, 0, 0, 0, 1, 4);
    }

    @Test
    void givenWaitingAndRunningTasks_whenGroupDeleted_then200Null_andEachCancellableOneIsCanceled() {
        String repo = unique("repo");
        JsonNode submitted = api.post(GROUPS, group(sleep(0, null, null), sleep(30, repo, "update"),
                sleep(0, repo, "update"), """
                {"operation": "sleep", "args": {"seconds": 5, "cancellable": false}}""")).body();
        String groupId = submitted.get("group_id").asText();
        List<String> tasks = spawnedIds(submitted);
        JsonNode finished = api.awaitState(tasks.get(0), "finished");
        api.awaitState(tasks.get(1), "running");
        api.awaitState(tasks.get(3), "running");

        ApiClient.Reply reply = api.delete(GROUPS + groupId + "/");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.raw().body().strip()).isEqualTo("null");
        assertThat(api.get(TASKS + tasks.get(0) + "/").body()).as("an ended task stays as it ended")
                .isEqualTo(finished);
        assertThat(state(tasks.get(1))).isEqualTo("canceled");
        assertThat(state(tasks.get(2))).isEqualTo("canceled");
        assertThat(state(tasks.get(3))).as("its operation cannot be cancelled").isEqualTo("running");
        assertThat(api.delete("/pulp/api/v2/task_groups/" + groupId).status()).as("again").isEqualTo(200);
        // the cancelled running task releases the resource once its operation has stopped
        api.awaitState(api.submit(sleep(0, repo, "update")).get("task_id").asText(), "finished");
        assertThat(api.get(TASKS + tasks.get(2) + "/").body().get("start_time").isNull()).as("never ran").isTrue();
        api.awaitState(tasks.get(3), "finished");
    }

    @Test
    void givenUnknownOrMalformedGroup_summaryAndDelete_are404() {
        String unknown = UUID.randomUUID().toString();

        ApiClient.Reply summary = api.get(GROUPS + unknown + "/state_summary/");
        ApiClient.Reply delete = api.delete(GROUPS + unknown + "/");

        assertError(summary, 404);
        assertThat(summary.body().get("error_message").asText()).isEqualTo("Missing resource: task group " + unknown);
        assertError(delete, 404);
        assertThat(delete.body().get("http_request_method").asText()).isEqualTo("DELETE");
        assertError(api.get(GROUPS + "not-a-group/state_summary/"), 404);
        assertError(api.delete(GROUPS + "not-a-group/"), 404);
    }

    @Test
    void givenBadGroupBodies_whenSubmitted_then400NamingTheCall_andNothingIsQueued() {
        String tag = unique("bad-group");
        String ok = sleep(0, null, null, tag);

        assertThat(badGroup("{\"calls\": []}")).isEqualTo("calls: a task group has 1 to 1000 calls, not 0");
        assertThat(badGroup(group(Collections.nCopies(1001, ok).toArray(String[]::new))))
                .isEqualTo("calls: a task group has 1 to 1000 calls, not 1001");
        assertThat(badGroup(group(ok, "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"bogus\": 1}")))
                .startsWith("Unknown field 'calls[1].bogus'");
        assertThat(badGroup(group(ok, ok, "{\"args\": {\"seconds\": 1}}")))
                .isEqualTo("calls[2]: Field 'operation' is required");
        assertThat(badGroup(group(ok, "{\"operation\": \"nope\"}"))).startsWith("calls[1]: Unknown operation 'nope'");
        assertThat(badGroup(group(ok, "{\"operation\": \"sleep\", \"args\": {\"seconds\": -1}}")))
                .startsWith("calls[1]: Invalid args for operation 'sleep'");
        assertThat(badGroup("{\"calls\": ")).startsWith("Malformed JSON");
        assertThat(api.get(TASKS + "?tag=" + tag + "&state=waiting&state=running&state=finished").body()).isEmpty();
    }

    @Test
    void givenSubmitterWithoutReadOrDelete_aGroupOfTheirs_isTheirsToReadAndCancel_andNoOneElses() {
        ApiClient gail = awaitUser("gail");
        ApiClient otto = awaitUser("otto");
        JsonNode submitted = gail.post(GROUPS, group(sleep(30, null, null), sleep(30, null, null))).body();
        String groupId = submitted.get("group_id").asText();
        spawnedIds(submitted).forEach(id -> api.awaitState(id, "running"));
        String unknown = UUID.randomUUID().toString();

        assertThat(gail.get(GROUPS + groupId + "/state_summary/").body().get("total").asInt()).isEqualTo(2);
        String refused = assertError(otto.get(GROUPS + groupId + "/state_summary/"), 403);
        assertThat(refused).contains("permission 'read' is needed (or having submitted every task of the group)");
        assertError(otto.delete(GROUPS + groupId + "/"), 403);
        assertError(otto.get(GROUPS + unknown + "/state_summary/"), 403);
        assertError(otto.delete(GROUPS + unknown + "/"), 403);
        assertThat(summary(groupId)).as("untouched by otto").containsExactly(0, 0, 2, 0, 0, 0, 0, 0, 2);

        assertThat(gail.delete(GROUPS + groupId + "/").status()).isEqualTo(200);
        assertThat(summary(groupId)).containsExactly(0, 0, 0, 2, 0, 0, 0, 0, 2);
    }

    @Test
    void givenTaskEndingSoon_getWithWait_answersAsSoonAsItEnds_withTheEndedReport() {
        long start = System.nanoTime();
        String id = api.submit(sleep(0.3, null, null)).get("task_id").asText();

        ApiClient.Reply reply = api.get(TASKS + id + "/?wait=10");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("state").asText()).isEqualTo("finished");
        assertThat(reply.body().fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(REPORT_KEYS);
        assertThat(took).as("answered at the end (about 0.3 s), not at the wait's").isBetween(
                Duration.ofMillis(250), Duration.ofMillis(2_500));
        Eventually.await(Duration.ofSeconds(5), "no wait left", server::waitCount, count -> count == 0);
    }

    @Test
    void givenLongTask_getWithWait_answersWhenTheWaitIsOver_withTheReportAsItIs() {
        String id = api.submit(sleep(30, null, null)).get("task_id").asText();
        api.awaitState(id, "running");
        long start = System.nanoTime();

        ApiClient.Reply reply = api.get(TASKS + id + "/?wait=1");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("state").asText()).isEqualTo("running");
        assertThat(took).isBetween(Duration.ofMillis(950), Duration.ofMillis(3_500));
        assertThat(api.get(TASKS + id + "/?wait=0").body().get("state").asText()).as("0 answers at once")
                .isEqualTo("running");
        assertThat(api.delete(TASKS + id + "/").status()).isEqualTo(200);
        Eventually.await(Duration.ofSeconds(5), "no wait left", server::waitCount, count -> count == 0);
    }

    @Test
    void givenWaitForARunningTask_whenCancelled_theWaitAnswersCanceled() throws Exception {
        String id = api.submit(sleep(30, null, null)).get("task_id").asText();
        api.awaitState(id, "running");
        CompletableFuture<ApiClient.Reply> waiting =
                CompletableFuture.supplyAsync(() -> api.get(TASKS + id + "/?wait=30"));
        Eventually.await(Duration.ofSeconds(5), "the wait registered", server::waitCount, count -> count >= 1);

        assertThat(api.delete(TASKS + id + "/").status()).isEqualTo(200);

        ApiClient.Reply reply = waiting.get(5, TimeUnit.SECONDS);
        assertThat(reply.body().get("state").asText()).isEqualTo("canceled");
    }

    @Test
    void givenBadWait_get_isRefusedWith400_andUnknownOrOthersTasksAsAPlainGetIs() {
        String id = api.submit(sleep(0, null, null)).get("task_id").asText();
        for (String wait : List.of("-1", "61", "abc", "1.5", "", "99999999999")) {
            assertThat(assertError(api.get(TASKS + id + "/?wait=" + wait), 400)).contains("'wait'")
                    .contains("0 to 60");
        }
        String unknown = UUID.randomUUID().toString();
        assertError(api.get(TASKS + unknown + "/?wait=5"), 404);
        ApiClient otto = awaitUser("otto");
        assertThat(otto.get(TASKS + id + "/?wait=5").status()).isEqualTo(otto.get(TASKS + id + "/").status())
                .isEqualTo(403);
        assertThat(server.waitCount()).isZero();
    }

    @Test
    void givenManyConcurrentWaits_theServerHoldsNoThreadForThem_andEachAnswersAtTheEnd() throws Exception {
        int waits = 200;
        String id = api.submit(sleep(3, null, null)).get("task_id").asText();
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        HttpClient client = HttpClient.newBuilder().executor(clientThreads).version(HttpClient.Version.HTTP_1_1)
                .build();
        try {
            // a first request opens what one needs (the server's pools), then the count
            assertThat(client.send(adminGet(TASKS + id + "/"), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < waits; i++) {
                replies.add(client.sendAsync(adminGet(TASKS + id + "/?wait=30"), HttpResponse.BodyHandlers.ofString()));
            }
            Eventually.await(Duration.ofSeconds(10), "every wait registered", server::waitCount,
                    count -> count == waits);
            int during = ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(during - before).as("threads before %d, while %d waits are held %d", before, waits, during)
                    .isLessThanOrEqualTo(25);

            for (CompletableFuture<HttpResponse<String>> reply : replies) {
                HttpResponse<String> answered = reply.get(20, TimeUnit.SECONDS);
                assertThat(answered.statusCode()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(answered.body()).get("state").asText()).isEqualTo("finished");
            }
            Eventually.await(Duration.ofSeconds(5), "no wait left", server::waitCount, count -> count == 0);
        } finally {
            clientThreads.shutdownNow();
        }
    }

    @Test
    void givenWaitingClient_whoDisconnects_itsWaitIsForgottenAtOnce_andTheServerServesOn() throws Exception {
        String id = api.submit(sleep(30, null, null)).get("task_id").asText();
        api.awaitState(id, "running");
        try (Socket socket = rawConnection()) {
            send(socket, waitRequest(id, 60, false));
            Eventually.await(Duration.ofSeconds(5), "the wait registered", server::waitCount, count -> count == 1);
        }

        // the close is seen while the request waits, not 60 s later when its wait is over
        Eventually.await(Duration.ofSeconds(5), "the wait forgotten", server::waitCount, count -> count == 0);
        assertThat(api.get(TASKS + id + "/?wait=0").body().get("state").asText()).isEqualTo("running");
        assertThat(api.delete(TASKS + id + "/").status()).isEqualTo(200);
    }

    @Test
    void givenWaitingClient_whoSendsItsNextRequest_theWaitAnswersAtOnce_thenTheNextOne() throws Exception {
        String id = api.submit(sleep(30, null, null)).get("task_id").asText();
        api.awaitState(id, "running");
        try (Socket socket = rawConnection()) {
            send(socket, waitRequest(id, 60, false));
            Eventually.await(Duration.ofSeconds(5), "the wait registered", server::waitCount, count -> count == 1);
            long sent = System.nanoTime();

            send(socket, waitRequest(id, 0, true)); // pipelined behind the wait, then the end of the connection
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("both answered long before the wait's 60 s")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(answers.split("HTTP/1\\.1 200 ", -1)).as("two answers: %s", answers).hasSize(3);
            assertThat(answers.split("\"state\": ?\"running\"", -1)).as("each the report as it is: %s", answers)
                    .hasSize(3);
        }
        assertThat(server.waitCount()).isZero();
        assertThat(api.delete(TASKS + id + "/").status()).isEqualTo(200);
    }

    @Test
    void givenKeptAliveConnection_aWaitAfterAnAnsweredWait_waitsItsTime() throws Exception {
        String id = api.submit(sleep(30, null, null)).get("task_id").asText();
        api.awaitState(id, "running");
        // one connection, kept alive between the two waits
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThat(client.send(adminGet(TASKS + id + "/?wait=1"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);

        CompletableFuture<HttpResponse<String>> second =
                client.sendAsync(adminGet(TASKS + id + "/?wait=30"), HttpResponse.BodyHandlers.ofString());
        Eventually.await(Duration.ofSeconds(5), "the second wait registered", server::waitCount, count -> count == 1);
        Thread.sleep(1_500);
        assertThat(second).as("the first wait's watch of the connection does not end the second").isNotDone();
        assertThat(server.waitCount()).isEqualTo(1);

        assertThat(api.delete(TASKS + id + "/").status()).isEqualTo(200);
        HttpResponse<String> reply = second.get(5, TimeUnit.SECONDS);
        assertThat(new ObjectMapper().readTree(reply.body()).get("state").asText()).isEqualTo("canceled");
    }

    private Socket rawConnection() throws java.io.IOException {
        URI root = server.baseUri();
        Socket socket = new Socket(root.getHost(), root.getPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private String waitRequest(String id, int seconds, boolean last) {
        return "GET " + TASKS + id + "/?wait=" + seconds + " HTTP/1.1\r\nHost: localhost\r\n"
                + (last ? "Connection: close\r\n" : "") + "Authorization: Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n";
    }

    private static void send(Socket socket, String request) throws java.io.IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private HttpRequest adminGet(String path) {
        return HttpRequest.newBuilder(server.baseUri().resolve("/").resolve(path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(40)).build();
    }

    private static String group(String... calls) {
        return "{\"calls\": [" + String.join(", ", calls) + "]}";
    }

    private static List<String> spawnedIds(JsonNode submitted) {
        List<String> ids = new ArrayList<>();
        submitted.get("spawned_tasks").forEach(task -> ids.add(task.get("task_id").asText()));
        return ids;
    }

    /** The group's state summary, its values in the order of {@link #SUMMARY_KEYS}. */
    private static List<Integer> summary(String groupId) {
        JsonNode summary = api.get(GROUPS + groupId + "/state_summary/").body();
        return SUMMARY_KEYS.stream().map(key -> summary.get(key).asInt()).toList();
    }

    private static String state(String taskId) {
        return api.get(TASKS + taskId + "/").body().get("state").asText();
    }

    private static String badGroup(String body) {
        ApiClient.Reply reply = api.post(GROUPS, body);
        assertError(reply, 400);
        return reply.body().get("error_message").asText();
    }

    /** A client for {@code user}, once the server has read them from the users file. */
    private static ApiClient awaitUser(String user) {
        ApiClient client = new ApiClient(server.baseUri().resolve("/"), user, user + "-password");
        Eventually.await(Duration.ofSeconds(10), user + " may log in",
                () -> client.get(TASKS).status() == 200);
        return client;
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

    /** The reply is the error object with {@code status}; returns its message. */
    private static String assertError(ApiClient.Reply reply, int status) {
        assertThat(reply.status()).as("status of %s: %s", reply.raw().uri(), reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.body().get("http_status").asInt()).isEqualTo(status);
        assertThat(reply.body().get("error_message").asText()).isNotBlank().doesNotContain("\tat ");
        assertThat(reply.body().has("http_request_method")).isTrue();
        assertThat(reply.body().has("href")).isTrue();
        return reply.body().get("error_message").asText();
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
