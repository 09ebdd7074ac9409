package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.adapter.usersfile.UsersFile;
import dev.taskmill.application.service.UserAdministration;
import dev.taskmill.domain.Permission;
import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} through a real server on the memory store: who may read it, and that
 * its figures change as tasks run and requests come, by the right amounts, with labels that
 * stay bounded whatever the tasks, tags and paths.
 */
class MetricsEndToEndTest {

    private static final String ADMIN_PASSWORD = "metrics-admin-password";
    private static final String TASKS = "/pulp/api/v2/tasks/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    private static Taskmill server;
    private static URI root;

    @BeforeAll
    static void startServer() {
        Path users = dir.resolve("users.json");
        // the users are there before the server starts: no test waits for the file to be read again
        UserAdministration administration = new UserAdministration(UsersFile.open(users));
        administration.addUser("admin", ADMIN_PASSWORD.toCharArray(), EnumSet.allOf(Permission.class));
        administration.addUser("prometheus", "prometheus-password".toCharArray(), Set.of(Permission.READ));
        administration.addUser("submitter", "submitter-password".toCharArray(), Set.of(Permission.CREATE));
        server = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 2, "/pulp/api", Duration.ofHours(1), dir,
                SecurityConfig.basic(users)));
        root = server.baseUri().resolve("/");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Scrape scrape() {
        Scrape scrape = Scrape.of(root, "prometheus", "prometheus-password");
        assertThat(scrape.status()).as("%s", scrape.body()).isEqualTo(200);
        return scrape;
    }

    @Test
    void withoutCredentials_is401WithTheChallengeAndTheErrorObject_andCountsAMissingLogin() throws Exception {
        double before = scrape().value("taskmill_logins_failed_total", "reason", "missing");

        Scrape refused = Scrape.of(root, null, null);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Basic realm=\"taskmill\"");
        assertThat(refused.header("Content-Type")).startsWith("application/json");
        JsonNode error = JSON.readTree(refused.body());
        assertThat(error.path("http_status").asInt()).isEqualTo(401);
        assertThat(error.path("http_request_method").asText()).isEqualTo("GET");
        assertThat(error.path("href").asText()).isEqualTo("/metrics");
        assertThat(scrape().value("taskmill_logins_failed_total", "reason", "missing")).isEqualTo(before + 1);
    }

    @Test
    void withAWrongPassword_is401_andCountsAWrongLogin() {
        double before = scrape().value("taskmill_logins_failed_total", "reason", "wrong");

        assertThat(Scrape.of(root, "prometheus", "not-the-password").status()).isEqualTo(401);
        assertThat(send("GET", TASKS, "prometheus", "not-the-password", null).statusCode()).isEqualTo(401);

        assertThat(scrape().value("taskmill_logins_failed_total", "reason", "wrong")).isEqualTo(before + 2);
    }

    @Test
    void aUserWithoutRead_is403_andOneWithRead200InPrometheusTextFormat() throws Exception {
        Scrape refused = Scrape.of(root, "submitter", "submitter-password");
        Scrape allowed = Scrape.of(root, "prometheus", "prometheus-password");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("error_message").asText()).contains("permission 'read'");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(allowed.samples()).isNotEmpty();
    }

    @Test
    void theJvmIsMeasured() {
        Scrape scrape = scrape();

        assertThat(scrape.has("jvm_memory_used_bytes", "area", "heap")).isTrue();
        assertThat(scrape.has("jvm_threads_live_threads")).isTrue();
        assertThat(scrape.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
        assertThat(scrape.has("jvm_classes_loaded_classes")).isTrue();
        assertThat(scrape.has("process_uptime_seconds")).isTrue();
        assertThat(scrape.has("system_cpu_count")).isTrue();
    }

    @Test
    void tasksSubmittedAndEnded_andTheirWaitAndRunTimes_changeByTheTasksThatRan() {
        Scrape before = scrape();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 0}, \"tags\": [\"counted\"]}"));
        }
        String failing = submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 0, \"fail_with\": \"boom\"}}");
        for (String id : ids) {
            awaitState(id, "finished");
        }
        awaitState(failing, "error");

        // a worker tells of an end right after storing it, perhaps after a poll saw it
        Scrape after = Eventually.await(Duration.ofSeconds(10), "four ends counted", MetricsEndToEndTest::scrape,
                scrape -> delta(before, scrape, "taskmill_tasks_ended_total", "operation", "sleep") == 4);

        assertThat(delta(before, after, "taskmill_tasks_submitted_total", "operation", "sleep", "response",
                "accepted")).isEqualTo(4);
        assertThat(delta(before, after, "taskmill_tasks_ended_total", "operation", "sleep", "state", "finished"))
                .isEqualTo(3);
        assertThat(delta(before, after, "taskmill_tasks_ended_total", "operation", "sleep", "state", "error"))
                .isEqualTo(1);
        assertThat(delta(before, after, "taskmill_tasks_wait_seconds_count", "operation", "sleep")).isEqualTo(4);
        assertThat(delta(before, after, "taskmill_tasks_run_seconds_count", "operation", "sleep")).isEqualTo(4);
        assertThat(delta(before, after, "taskmill_tasks_run_seconds_bucket", "operation", "sleep", "le", "+Inf"))
                .isEqualTo(4);
        assertThat(after.value("taskmill_tasks_wait_seconds_sum", "operation", "sleep"))
                .isGreaterThanOrEqualTo(before.value("taskmill_tasks_wait_seconds_sum", "operation", "sleep"));
        assertThat(after.has("taskmill_tasks_wait_seconds_bucket", "operation", "sleep", "le", "0.005")).isTrue();
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    @Test
    void waitingAndRunningTasks_areCountedAsTheyChange() {
        Scrape before = scrape();
        String claim = "\"resources\": [{\"resource_type\": \"repository\", \"resource_id\": \"gauges\","
                + " \"operation\": \"update\"}]";
        String running = submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 60}, " + claim + "}");
        awaitState(running, "running");
        String waiting = submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 60}, " + claim + "}");

        Eventually.await(Duration.ofSeconds(10), "one waiting and one running", MetricsEndToEndTest::scrape,
                scrape -> scrape.value("taskmill_tasks_waiting") == 1 && scrape.value("taskmill_tasks_running") == 1);

        send("DELETE", TASKS + waiting + "/", "admin", ADMIN_PASSWORD, null);
        send("DELETE", TASKS + running + "/", "admin", ADMIN_PASSWORD, null);

        Scrape after = Eventually.await(Duration.ofSeconds(10), "none waiting or running", MetricsEndToEndTest::scrape,
                scrape -> scrape.value("taskmill_tasks_waiting") == 0 && scrape.value("taskmill_tasks_running") == 0);
        assertThat(delta(before, after, "taskmill_tasks_submitted_total", "response", "accepted")).isEqualTo(1);
        assertThat(delta(before, after, "taskmill_tasks_submitted_total", "response", "postponed")).isEqualTo(1);
        Eventually.await(Duration.ofSeconds(10), "both cancels counted", MetricsEndToEndTest::scrape,
                scrape -> delta(before, scrape, "taskmill_tasks_ended_total", "state", "canceled") == 2);
    }

    @Test
    void httpRequests_areCountedByMethodRouteTemplateAndStatus() {
        Scrape before = scrape();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 0}}"));
        }
        for (String id : ids) {
            awaitState(id, "finished");
        }
        int polls = 0;
        for (String id : ids) {
            assertThat(send("GET", TASKS + id + "/", "admin", ADMIN_PASSWORD, null).statusCode()).isEqualTo(200);
            polls++;
        }
        send("GET", "/pulp/api/v2/tasks/no-such-task/", "admin", ADMIN_PASSWORD, null);
        send("GET", "/no/such/path", "admin", ADMIN_PASSWORD, null);

        String count = "taskmill_http_requests_seconds_count";
        // a request is counted once its answer has gone out, which the client may see first
        int[] scrapes = {0};
        Scrape after = Eventually.await(Duration.ofSeconds(10), "the last request counted", () -> {
                    scrapes[0]++;
                    return scrape();
                },
                scrape -> scrape.value(count, "method", "GET", "route", "UNMATCHED", "status", "404")
                        > before.value(count, "method", "GET", "route", "UNMATCHED", "status", "404"));

        assertThat(after.value(count, "method", "POST", "route", "/pulp/api/v2/tasks", "status", "202")
                - before.value(count, "method", "POST", "route", "/pulp/api/v2/tasks", "status", "202"))
                .isEqualTo(3);
        // the awaits above polled too: at least the polls counted here
        assertThat(after.value(count, "method", "GET", "route", "/pulp/api/v2/tasks/{id}", "status", "200")
                - before.value(count, "method", "GET", "route", "/pulp/api/v2/tasks/{id}", "status", "200"))
                .isGreaterThanOrEqualTo(polls);
        assertThat(after.value(count, "method", "GET", "route", "/pulp/api/v2/tasks/{id}", "status", "404")
                - before.value(count, "method", "GET", "route", "/pulp/api/v2/tasks/{id}", "status", "404"))
                .isEqualTo(1);
        assertThat(after.value(count, "method", "GET", "route", "UNMATCHED", "status", "404")
                - before.value(count, "method", "GET", "route", "UNMATCHED", "status", "404")).isEqualTo(1);
        // the scrape before, and those of the wait but the last, if it had to look again
        assertThat(after.value(count, "method", "GET", "route", "/metrics", "status", "200")
                - before.value(count, "method", "GET", "route", "/metrics", "status", "200"))
                .isBetween(1.0, (double) scrapes[0]);
        assertThat(after.has("taskmill_http_requests_seconds_bucket", "route", "/pulp/api/v2/tasks/{id}", "le",
                "0.005")).isTrue();
        assertThat(after.value("taskmill_http_requests_seconds_sum", "route", "/pulp/api/v2/tasks"))
                .isGreaterThan(before.value("taskmill_http_requests_seconds_sum", "route", "/pulp/api/v2/tasks"));
    }

    @Test
    void labelsStayBounded_whateverTheTasksTagsAndPaths() {
        List<String> ids = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String tag = "cardinality-tag-" + i;
            tags.add(tag);
            ids.add(submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 0}, \"tags\": [\"" + tag + "\"]}"));
        }
        for (String id : ids) {
            awaitState(id, "finished");
            send("GET", TASKS + "?tag=" + id, "admin", ADMIN_PASSWORD, null);
        }
        for (int i = 0; i < 40; i++) {
            send("GET", "/unknown-path-" + i, "admin", ADMIN_PASSWORD, null);
            send("GET", TASKS + "unknown-task-" + i + "/", "admin", ADMIN_PASSWORD, null);
            send("FROB" + i, TASKS, "admin", ADMIN_PASSWORD, null);
        }

        Scrape scrape = scrape();

        List<String> values = scrape.labelValues();
        for (String id : ids) {
            assertThat(values).noneMatch(value -> value.contains(id));
        }
        for (String tag : tags) {
            assertThat(values).noneMatch(value -> value.contains(tag));
        }
        assertThat(values).noneMatch(value -> value.contains("unknown-") || value.contains("FROB"));
        List<Map<String, String>> http = scrape.series("taskmill_http_requests_seconds_count");
        assertThat(http).as("%s", http).hasSizeLessThan(30);
        assertThat(http).extracting(labels -> labels.get("route")).allMatch(route -> route.equals("UNMATCHED")
                || route.equals("/metrics") || route.startsWith("/health/") || route.startsWith("/pulp/api/"));
    }

    private static String submit(String json) {
        HttpResponse<String> reply = send("POST", TASKS, "admin", ADMIN_PASSWORD, json);
        assertThat(reply.statusCode()).as("%s", reply.body()).isEqualTo(202);
        try {
            return JSON.readTree(reply.body()).path("task_id").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitState(String id, String state) {
        Eventually.await(Duration.ofSeconds(15), "task " + id + " " + state,
                () -> JSON.readTree(send("GET", TASKS + id + "/", "admin", ADMIN_PASSWORD, null).body()),
                report -> state.equals(report.path("state").asText()));
    }

    static HttpResponse<String> send(String method, String path, String user, String password, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
