package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.app.EventsConfig;
import dev.taskmill.app.SecurityConfig;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.Taskmill;
import dev.taskmill.app.TaskmillConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that stops tells each of its streams so, busy or not, as their last event. */
class TaskEventsShutdownTest {

    private static final String PASSWORD = "shutdown-admin-password";

    @TempDir
    Path dataDir;

    @Test
    void streamsBeingWrittenWhenTheServerStopsEndWithAClosedEventSayingSo() {
        Taskmill server = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 4, "/pulp/api", Duration.ofHours(1),
                dataDir, new SecurityConfig(true, dataDir.resolve("users.json"), PASSWORD, null, null),
                StoreConfig.memory()).withEvents(new EventsConfig(100_000, 100_000)));
        URI root = server.baseUri().resolve("/");
        ApiClient api = new ApiClient(root, "admin", PASSWORD);
        List<EventStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                streams.add(EventStream.open(root.resolve("/pulp/api/v2/events/"), "admin", PASSWORD, null));
            }
            for (int n = 0; n < 300; n++) {
                assertThat(api.post("/pulp/api/v2/tasks/", "{\"operation\": \"sleep\", \"args\": {\"seconds\": 0}}")
                        .status()).isEqualTo(202);
            }
            server.close();

            for (EventStream stream : streams) {
                List<EventStream.Event> events = stream.until(event -> event.name().equals("closed"),
                        Duration.ofSeconds(10));
                assertThat(events.get(events.size() - 1).data().get("message").asText())
                        .isEqualTo("the server is stopping");
            }
        } finally {
            streams.forEach(EventStream::close);
            server.close();
        }
    }
}
