package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of two real servers sharing PostgreSQL, open to anyone
 * ({@code --metrics-auth none}) while the API needs a login: the pool's meters, the live
 * nodes and their heartbeat ages, and the waiting and running tasks of the whole store.
 */
class PostgresMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN_PASSWORD = "postgres-metrics-admin";

    @TempDir
    Path dir;
    private Taskmill nodeA;
    private Taskmill nodeB;

    @BeforeEach
    void startTwoNodes() {
        StoreConfig store = TestPostgres.emptyDatabase(dir);
        nodeA = Taskmill.start(config(store));
        nodeB = Taskmill.start(config(store));
    }

    private TaskmillConfig config(StoreConfig store) {
        SecurityConfig openMetrics = new SecurityConfig(true, dir.resolve("users.json"), ADMIN_PASSWORD, null, null,
                false);
        return new TaskmillConfig("127.0.0.1", 0, 1, "/pulp/api", Duration.ofHours(1), dir, openMetrics, store);
    }

    @AfterEach
    void stopNodes() {
        try {
            if (nodeB != null) {
                nodeB.close();
            }
        } finally {
            if (nodeA != null) {
                nodeA.close();
            }
        }
    }

    private static URI root(Taskmill node) {
        return node.baseUri().resolve("/");
    }

    @Test
    void withMetricsAuthNone_theMetricsAreOpen_whileTheApiStillNeedsALogin() throws Exception {
        Scrape scrape = Scrape.of(root(nodeA), null, null);
        HttpResponse<String> api = HTTP.send(HttpRequest.newBuilder(nodeA.baseUri().resolve("v2/tasks/")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(api.statusCode()).isEqualTo(401);
    }

    @Test
    void thePoolAndTheLiveNodesWithTheirHeartbeatAges_areMeasured() {
        Scrape scrape = Eventually.await(Duration.ofSeconds(10), "both nodes live",
                () -> Scrape.of(root(nodeA), null, null), found -> found.value("taskmill_cluster_nodes") == 2);

        assertThat(scrape.has("hikaricp_connections_max", "pool", "taskmill")).isTrue();
        assertThat(scrape.has("hikaricp_connections_active", "pool", "taskmill")).isTrue();
        assertThat(scrape.has("hikaricp_connections_acquire_seconds_count", "pool", "taskmill")).isTrue();
        List<Map<String, String>> ages = scrape.series("taskmill_cluster_node_heartbeat_age_seconds");
        assertThat(ages).extracting(labels -> labels.get("node"))
                .containsExactlyInAnyOrder(nodeA.nodeName(), nodeB.nodeName());
        for (String node : List.of(nodeA.nodeName(), nodeB.nodeName())) {
            assertThat(scrape.value("taskmill_cluster_node_heartbeat_age_seconds", "node", node))
                    .as("heartbeat age of %s", node).isBetween(0.0, 30.0);
        }
    }

    @Test
    void tasksWaitingAndRunning_countTheWholeStore_andTasksAreCountedOnTheNodeThatStoredThem() throws Exception {
        String claim = "\"resources\": [{\"resource_type\": \"repository\", \"resource_id\": \"pg-gauges\","
                + " \"operation\": \"update\"}]";
        String sleep = "{\"operation\": \"sleep\", \"args\": {\"seconds\": 60}, " + claim + "}";
        String first = submit(nodeB, sleep);
        String second = submit(nodeB, sleep);

        Eventually.await(Duration.ofSeconds(15), "node A counts B's tasks: one waiting, one running",
                () -> Scrape.of(root(nodeA), null, null),
                scrape -> scrape.value("taskmill_tasks_waiting") == 1 && scrape.value("taskmill_tasks_running") == 1);
        Scrape a = Scrape.of(root(nodeA), null, null);
        Scrape b = Scrape.of(root(nodeB), null, null);
        assertThat(a.value("taskmill_tasks_submitted_total")).as("A stored no submission").isZero();
        assertThat(b.value("taskmill_tasks_submitted_total", "operation", "sleep")).isEqualTo(2);

        cancel(nodeB, second);
        cancel(nodeB, first);
        Eventually.await(Duration.ofSeconds(15), "none waiting or running",
                () -> Scrape.of(root(nodeA), null, null),
                scrape -> scrape.value("taskmill_tasks_waiting") == 0 && scrape.value("taskmill_tasks_running") == 0);
    }

    private static String submit(Taskmill node, String json) throws Exception {
        HttpResponse<String> reply = HTTP.send(authorized(HttpRequest.newBuilder(node.baseUri().resolve("v2/tasks/")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as("%s", reply.body()).isEqualTo(202);
        return JSON.readTree(reply.body()).path("task_id").asText();
    }

    private static void cancel(Taskmill node, String id) throws Exception {
        HttpResponse<String> reply = HTTP.send(authorized(HttpRequest.newBuilder(node.baseUri().resolve(
                "v2/tasks/" + id + "/"))).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as("%s", reply.body()).isEqualTo(200);
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.timeout(Duration.ofSeconds(10)).header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes()));
    }
}
