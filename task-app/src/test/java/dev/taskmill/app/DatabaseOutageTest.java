package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API while PostgreSQL refuses every connection: a prompt 503 with Retry-After, not a 500
 * after the pool's 30 s, and service again by itself once the database takes connections.
 */
class DatabaseOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void givenDatabaseRefusingConnections_theApiAnswers503Promptly_andServesAgainWhenItIsBack() throws Exception {
        StoreConfig store = TestPostgres.emptyDatabase(dir);
        try (Taskmill node = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 2, "/pulp/api", Duration.ofHours(1),
                dir, SecurityConfig.none(), store));
                Connection admin = DriverManager.getConnection(System.getenv("TASKMILL_TEST_DB_URL"),
                        System.getenv("TASKMILL_TEST_DB_USER"), System.getenv("TASKMILL_TEST_DB_PASSWORD"));
                Statement statement = admin.createStatement()) {
            URI tasks = node.baseUri().resolve("v2/tasks/");
            assertThat(get(tasks).statusCode()).isEqualTo(200);
            String database = "\"" + admin.getCatalog() + "\"";

            // no new connections to the database, and the server's own ones closed
            statement.execute("ALTER DATABASE " + database + " CONNECTION LIMIT 0");
            try {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()");

                long start = System.nanoTime();
                HttpResponse<String> refused = get(tasks);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                JsonNode error = JSON.readTree(refused.body());
                assertThat(error.get("http_status").asInt()).isEqualTo(503);
                assertThat(error.get("error_message").asText()).contains("cannot be reached");
                assertThat(refused.headers().firstValue("Retry-After")).contains("5");
                // the pool waits 2 s for a connection; a generous bound, far below its default 30 s
                assertThat(took).isLessThan(Duration.ofSeconds(10));
            } finally {
                statement.execute("ALTER DATABASE " + database + " CONNECTION LIMIT -1");
            }

            Eventually.await(Duration.ofSeconds(30), "the API served again", () -> get(tasks).statusCode() == 200);
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
