package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.testing.Eventually;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health checks through real server processes: {@code /health/live} and
 * {@code /health/ready} at the server's root, whatever the API root, without a login, on both
 * stores; readiness turns 503 while PostgreSQL is stopped, and 200 again once it is back, while
 * liveness stays 200.
 */
class HealthEndToEndTest {

    /** The pool waits 2 s for a connection; generous for a loaded machine. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final NodeHttp http = new NodeHttp(Duration.ofSeconds(30));

    @Test
    void onTheMemoryStore_withAuthentication_bothChecksAnswer200WithoutALogin() throws Exception {
        try (MainProcess node = MainProcess.start(Map.of(), "", "--port", "0", "--api-root", "/elsewhere",
                "--data-dir", dir.toString(), "--users-file", dir.resolve("users.json").toString())) {
            URI api = node.api();
            assertThat(http.get(api.resolve("v2/tasks/")).status()).as("the API needs a login").isEqualTo(401);

            NodeHttp.Reply live = http.get(api.resolve("/health/live"));
            NodeHttp.Reply ready = http.get(api.resolve("/health/ready"));

            assertThat(live.status()).as("%s", live).isEqualTo(200);
            assertThat(live.json().path("status").asText()).isEqualTo("up");
            assertReady(ready);
            String password = node.output().replaceAll("(?s).*Initial admin password: (\\S+).*", "$1");
            assertThat(ready.body()).as("no secret in the body").doesNotContain(password)
                    .doesNotContain(dir.toString());
        }
    }

    @Test
    void onPostgres_readinessIs503WhileTheDatabaseIsStopped_and200OnceItIsBack_whileLivenessStays200()
            throws Exception {
        StoreConfig store = TestPostgres.emptyDatabase(dir);
        PostgresServer postgres = PostgresServer.fromEnvironment();
        Throwable primary = null;
        try (MainProcess node = MainProcess.startNode(store, dir, 2, Duration.ofSeconds(30))) {
            URI api = node.api();
            URI ready = api.resolve("/health/ready");
            URI live = api.resolve("/health/live");
            Eventually.await(Duration.ofSeconds(10), "ready", () -> http.get(ready).status() == 200);
            assertReady(http.get(ready));

            postgres.halt();
            NodeHttp.Reply down;
            NodeHttp.Reply liveDuring;
            try {
                down = http.get(ready);
                liveDuring = http.get(live);
            } finally {
                postgres.resume();
            }
            assertThat(down.status()).as("readiness while PostgreSQL is down: %s", down).isEqualTo(503);
            assertThat(down.took()).as("how long it took: %s", down).isLessThan(PROMPT);
            JsonNode body = down.json();
            assertThat(body.path("status").asText()).isEqualTo("down");
            assertThat(body.path("checks").path("store").asText()).isEqualTo("down");
            assertThat(body.path("checks").path("workers").asText()).isEqualTo("up");
            assertThat(body.path("checks").path("accepting").asText()).isEqualTo("up");
            assertThat(liveDuring.status()).as("liveness while PostgreSQL is down: %s", liveDuring).isEqualTo(200);
            assertThat(liveDuring.took()).as("liveness asks no store").isLessThan(Duration.ofSeconds(1));

            Eventually.await(Duration.ofSeconds(30), "ready again once PostgreSQL is back", () -> {
                TimeUnit.MILLISECONDS.sleep(100);
                return http.get(ready).status() == 200;
            });
            node.process().destroy();
            node.process().waitFor(15, TimeUnit.SECONDS);
        } catch (Throwable failure) {
            primary = failure;
            throw failure;
        } finally {
            postgres.resumeAfter(primary);
        }
    }

    private static void assertReady(NodeHttp.Reply ready) {
        assertThat(ready.status()).as("%s", ready).isEqualTo(200);
        assertThat(ready.header("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = ready.json();
        assertThat(body.path("status").asText()).isEqualTo("up");
        assertThat(body.path("checks").path("store").asText()).isEqualTo("up");
        assertThat(body.path("checks").path("workers").asText()).isEqualTo("up");
        assertThat(body.path("checks").path("accepting").asText()).isEqualTo("up");
    }
}
