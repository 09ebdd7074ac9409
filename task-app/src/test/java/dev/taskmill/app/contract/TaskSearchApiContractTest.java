package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.adapter.usersfile.UsersFile;
import dev.taskmill.app.SecurityConfig;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.Taskmill;
import dev.taskmill.app.TaskmillConfig;
import dev.taskmill.application.service.UserAdministration;
import dev.taskmill.domain.Permission;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /v2/tasks/search/} as tasks-api.md has it, through the real server on each task store
 * (see the subclasses): every operator, fields, the GET form, paging, the owner rule and the
 * refusal of bad criteria.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TaskSearchApiContractTest {

    private static final String TASKS = "/pulp/api/v2/tasks/";
    private static final String SEARCH = TASKS + "search/";
    private static final String ADMIN_PASSWORD = "search-admin-password";

    @TempDir
    static Path dataDir;
    private static Taskmill server;
    private static ApiClient admin;
    private static URI root;
    /** A tag only this class's first tasks carry, and the tasks: see {@link #submitFourTasks}. */
    private static String run;
    private static List<String> four;

    /** The store the server under test keeps its tasks in, empty. */
    abstract StoreConfig store();

    @BeforeAll
    void startServerAndSubmitFourTasks() {
        server = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 4, "/pulp/api", Duration.ofHours(1), dataDir,
                new SecurityConfig(true, dataDir.resolve("users.json"), ADMIN_PASSWORD, null, null), store()));
        root = server.baseUri().resolve("/");
        admin = new ApiClient(root, "admin", ADMIN_PASSWORD);
        UserAdministration users = new UserAdministration(UsersFile.open(dataDir.resolve("users.json")));
        users.addUser("submitter", "submitter-password".toCharArray(), Set.of(Permission.CREATE));
        users.addUser("reader", "reader-password".toCharArray(), Set.of(Permission.READ));
        submitFourTasks();
    }

    /**
     * Four tasks tagged {@link #run}: 0 finished (tag "a"), 1 in error (tags "b" and "x"),
     * 2 running a long sleep on a repository (tag "x"), 3 postponed behind it.
     */
    private void submitFourTasks() {
        run = "run-" + UUID.randomUUID();
        String resource = "repo-" + run;
        String finished = admin.submit(TasksApiContractTest.sleep(0, null, null, run, "a")).get("task_id").asText();
        String failed = admin.submit("""
                {"operation": "sleep", "args": {"seconds": 0, "fail_with": "disk full"}, "tags": ["%s", "b", "x"]}"""
                .formatted(run)).get("task_id").asText();
        admin.awaitState(finished, "finished");
        admin.awaitState(failed, "error");
        // the running task starts after both ended, a clock tick later at least: the order by start is known
        sleepMillis(2);
        four = List.of(finished, failed,
                admin.submit(TasksApiContractTest.sleep(60, resource, "update", run, "x")).get("task_id").asText(),
                admin.submit(TasksApiContractTest.sleep(0, resource, "update", run)).get("task_id").asText());
        admin.awaitState(four.get(2), "running");
    }

    @AfterAll
    void stopServer() {
        for (String id : four.subList(2, 4)) {
            admin.delete(TASKS + id + "/");
        }
        server.close();
    }


    /** The positions among {@link #four} of what a search of the run's tasks with {@code filter} finds. */
    private static List<Integer> found(String filter) {
        ApiClient.Reply reply = admin.post(SEARCH, """
                {"criteria": {"filters": {"$and": [{"tags": "%s"}, %s]}}}""".formatted(run, filter));
        assertThat(reply.status()).as("%s: %s", filter, reply.body()).isEqualTo(200);
        List<Integer> positions = new ArrayList<>();
        for (JsonNode report : reply.body()) {
            positions.add(four.indexOf(report.get("task_id").asText()));
        }
        return positions;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                              | 0,1,2,3
            {"state": "running"}                                            | 2
            {"state": {"$eq": "error"}}                                     | 1
            {"state": {"$ne": "finished"}}                                  | 1,2,3
            {"state": {"$in": ["waiting", "running", "accepted"]}}          | 2,3
            {"state": {"$nin": ["waiting", "running"]}}                     | 0,1
            {"finish_time": {"$exists": true}}                              | 0,1
            {"start_time": {"$exists": false}}                              | 3
            {"start_time": {"$gt": "2000-01-01T00:00:00Z"}}                 | 0,1,2
            {"start_time": {"$gte": "2000-01-01T00:00:00+02:00"}}           | 0,1,2
            {"finish_time": {"$lt": "2999-01-01T00:00:00.000Z"}}            | 0,1
            {"finish_time": {"$lte": "2000-01-01T00:00:00Z"}}               |
            {"$or": [{"state": "error"}, {"tags": "a"}]}                    | 0,1
            {"$and": [{"tags": "x"}, {"state": "running"}]}                 | 2
            {"state": {"$not": {"$in": ["finished", "error"]}}}             | 2,3
            {"$not": {"tags": "x"}}                                         | 0,3
            {"$nor": [{"tags": "x"}, {"tags": "a"}]}                        | 3
            {"tags": {"$all": ["x", "b"]}}                                  | 1
            {"tags": {"$in": ["a", "b"]}}                                   | 0,1
            {"tags": {"$nin": ["a", "b"]}}                                  | 2,3
            {"tags": "pulp:action:sleep"}                                   | 0,1,2,3
            {"tags": {"$regex": "^pulp:repository:"}}                       | 2,3
            {"task_type": {"$regex": "^SL", "$options": "i"}}               | 0,1,2,3
            {"response": "postponed"}                                       | 3
            {"task_group_id": null}                                         | 0,1,2,3
            {"job_id": {"$ne": null}}                                       |
            {"schedule_id": {"$in": [null]}}                                | 0,1,2,3
            {"worker_name": {"$exists": false}}                             | 3
            {"worker_name": {"$regex": "^taskmill-[0-9a-f]{8}-[1-4]$"}}     | 0,1,2
            """)
    void givenFourTasks_eachOperator_findsWhatMongoDbWouldHave(String filter, String expected) {
        List<Integer> positions = expected == null ? List.of()
                : List.of(expected.split(",")).stream().map(Integer::valueOf).toList();

        assertThat(found(filter)).as(filter).containsExactlyElementsOf(positions);
    }

    @Test
    void givenIds_searchByTaskIdIn_findsThoseTasksWithFullReports() {
        ApiClient.Reply reply = admin.post(SEARCH, """
                {"criteria": {"filters": {"task_id": {"$in": ["%s", "%s", "%s"]}}}}"""
                .formatted(four.get(3), four.get(1), UUID.randomUUID()));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).hasSize(2);
        assertThat(reply.body().get(0).get("task_id").asText()).isEqualTo(four.get(1));
        assertThat(reply.body().get(0).fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(TasksApiContractTest.REPORT_KEYS);
        assertThat(reply.body().get(0).get("error").get("code").asText()).isEqualTo("TMK0001");
        assertThat(reply.body().get(1).get("task_id").asText()).isEqualTo(four.get(3));
        assertThat(admin.post(SEARCH, "{\"criteria\": {\"filters\": {\"id\": \"" + four.get(0) + "\"}}}").body())
                .hasSize(1);
    }

    @Test
    void givenFields_eachReportHoldsThoseKeysAndTheIdAndHref() {
        ApiClient.Reply reply = admin.post(SEARCH, """
                {"criteria": {"filters": {"tags": "%s"}, "fields": ["state", "tags"],
                 "sort": [["task_type", "ascending"], ["start_time", "descending"]]}}""".formatted(run));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).hasSize(4);
        for (JsonNode report : reply.body()) {
            assertThat(report.fieldNames()).toIterable().containsExactlyInAnyOrder("state", "tags", "task_id", "_href");
            assertThat(report.get("_href").asText()).isEqualTo(TASKS + report.get("task_id").asText() + "/");
        }
        // descending start: the running task started last; the waiting one has no start, so comes last
        assertThat(reply.body().get(3).get("task_id").asText()).isEqualTo(four.get(3));
        assertThat(reply.body().get(0).get("task_id").asText()).isEqualTo(four.get(2));
    }

    @Test
    void givenTheGetForm_itAnswersAsThePostFormDoes() {
        String filters = URLEncoder.encode("{\"tags\": \"" + run + "\", \"state\": {\"$in\": [\"error\", \"running\"]}}",
                StandardCharsets.UTF_8);
        String sort = URLEncoder.encode("[[\"state\", \"descending\"]]", StandardCharsets.UTF_8);

        ApiClient.Reply reply = admin.get(SEARCH + "?filters=" + filters + "&sort=" + sort
                + "&field=state&field=task_type&limit=10&skip=0");
        ApiClient.Reply withoutSlash = admin.get("/pulp/api/v2/tasks/search?filters=" + filters + "&skip=1");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).hasSize(2);
        assertThat(reply.body().get(0).get("state").asText()).isEqualTo("running");
        assertThat(reply.body().get(0).fieldNames()).toIterable()
                .containsExactlyInAnyOrder("state", "task_type", "task_id", "_href");
        assertThat(withoutSlash.status()).isEqualTo(200);
        assertThat(withoutSlash.body()).hasSize(1);
        assertThat(withoutSlash.body().get(0).get("task_id").asText()).isEqualTo(four.get(2));
    }

    @Test
    void givenNothingMatches_theAnswerIsAnEmptyArray() {
        ApiClient.Reply reply = admin.post(SEARCH, "{\"criteria\": {\"filters\": {\"tags\": \"nothing-" + run + "\"}}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().isArray()).isTrue();
        assertThat(reply.body()).isEmpty();
        assertThat(admin.post(SEARCH, "{}").status()).as("no criteria: every task").isEqualTo(200);
    }

    @Test
    void givenFiveThousandTasks_pagingWithSkipAndLimit_missesAndRepeatsNone() {
        String tag = "paged-" + UUID.randomUUID();
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            submitted.add(admin.submit(TasksApiContractTest.sleep(0, null, null, tag)).get("task_id").asText());
        }
        List<String> seen = new ArrayList<>();
        int pages = 0;
        for (int skip = 0; ; skip += 2_000) {
            ApiClient.Reply page = admin.post(SEARCH, """
                    {"criteria": {"filters": {"tags": "%s"}, "skip": %d, "limit": 2000, "fields": ["state"]}}"""
                    .formatted(tag, skip));
            assertThat(page.status()).isEqualTo(200);
            page.body().forEach(report -> seen.add(report.get("task_id").asText()));
            pages++;
            if (page.body().size() < 2_000) {
                break;
            }
        }

        assertThat(pages).isEqualTo(3);
        assertThat(new HashSet<>(seen)).hasSize(seen.size());
        assertThat(seen).as("every task once, oldest first").containsExactlyElementsOf(submitted);
        ApiClient.Reply everyOne = admin.post(SEARCH, "{\"criteria\": {\"filters\": {\"tags\": \"" + tag + "\"}}}");
        assertThat(everyOne.body()).as("without a limit: all 5,000").hasSize(5_000);
    }

    @Test
    void givenAUserWithoutRead_searchFindsOnlyTheirOwnTasks_andAReaderFindsEveryone() {
        ApiClient submitter = new ApiClient(root, "submitter", "submitter-password");
        ApiClient reader = new ApiClient(root, "reader", "reader-password");
        String tag = "owned-" + UUID.randomUUID();
        String mine = submitter.submit(TasksApiContractTest.sleep(0, null, null, tag)).get("task_id").asText();
        String theirs = admin.submit(TasksApiContractTest.sleep(0, null, null, tag)).get("task_id").asText();
        String criteria = "{\"criteria\": {\"filters\": {\"tags\": \"" + tag + "\"}}}";

        assertThat(ids(submitter.post(SEARCH, criteria).body())).containsExactly(mine);
        assertThat(ids(submitter.post(SEARCH, "{\"criteria\": {\"filters\": {\"task_id\": \"" + theirs + "\"}}}")
                .body())).isEmpty();
        assertThat(ids(reader.post(SEARCH, criteria).body())).containsExactly(mine, theirs);
        assertThat(ApiClient.anonymous(root).post(SEARCH, criteria).status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"criteria": {"filters": {"colour": "red"}}}                          | colour
            {"criteria": {"filters": {"state": {"$near": 1}}}}                    | $near
            {"criteria": {"filters": {"$where": "1"}}}                            | $where
            {"criteria": {"filters": {"state": 3}}}                               | state
            {"criteria": {"filters": {"state": {"$in": "running"}}}}              | state.$in
            {"criteria": {"filters": {"state": {"$gt": "a"}}}}                    | state.$gt
            {"criteria": {"filters": {"start_time": {"$gt": "yesterday"}}}}       | start_time.$gt
            {"criteria": {"filters": {"tags": {"$regex": "("}}}}                  | tags.$regex
            {"criteria": {"filters": {"tags": {"$regex": "a", "$options": "x"}}}} | $options
            {"criteria": {"filters": {"state": {"$exists": 1}}}}                  | state.$exists
            {"criteria": {"filters": {"$or": []}}}                                | $or
            {"criteria": {"filters": {"$and": {"state": "running"}}}}             | $and
            {"criteria": {"filters": {"state": {"$all": ["running"]}}}}           | $all
            {"criteria": {"filters": {"tags": {"$all": []}}}}                     | tags.$all
            {"criteria": {"filters": {"state": {"colour": 1}}}}                   | state
            {"criteria": {"filters": ["state"]}}                                  | filters
            {"criteria": {"limit": 10001}}                                        | limit
            {"criteria": {"limit": -1}}                                           | limit
            {"criteria": {"skip": -5}}                                            | skip
            {"criteria": {"skip": 1.5}}                                           | skip
            {"criteria": {"sort": [["state", "upwards"]]}}                        | state
            {"criteria": {"sort": [["tags", "ascending"]]}}                       | tags
            {"criteria": {"sort": "state"}}                                       | sort
            {"criteria": {"fields": ["colour"]}}                                  | colour
            {"criteria": {"fields": "state"}}                                     | fields
            {"criteria": {"colour": 1}}                                           | colour
            {"criteria": 3}                                                       | criteria
            {"filters": {}}                                                       | filters
            [1]                                                                   | JSON
            {"criteria":                                                          | JSON
            """)
    void givenBadCriteria_theAnswerIs400NamingWhatIsWrong(String body, String named) {
        ApiClient.Reply reply = admin.post(SEARCH, body);

        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.body().get("http_status").asInt()).isEqualTo(400);
        assertThat(reply.body().toString()).as(body).contains(named);
    }

    @Test
    void givenBadQueryParameters_theGetFormAnswers400() {
        assertThat(admin.get(SEARCH + "?filters=%7Bnot-json").status()).isEqualTo(400);
        assertThat(admin.get(SEARCH + "?colour=red").status()).isEqualTo(400);
        assertThat(admin.get(SEARCH + "?limit=many").status()).isEqualTo(400);
        assertThat(admin.get(SEARCH + "?limit=1&limit=2").status()).isEqualTo(400);
        assertThat(admin.get(SEARCH + "?field=nothing").status()).isEqualTo(400);
    }

    private static List<String> ids(JsonNode reports) {
        Set<String> ids = new LinkedHashSet<>();
        reports.forEach(report -> ids.add(report.get("task_id").asText()));
        return new ArrayList<>(ids);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
