package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.adapter.usersfile.UsersFile;
import dev.taskmill.app.EventsConfig;
import dev.taskmill.app.SecurityConfig;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.Taskmill;
import dev.taskmill.app.TaskmillConfig;
import dev.taskmill.application.service.UserAdministration;
import dev.taskmill.domain.Permission;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v2/events/} through the real server, on each task store (see the subclasses): the
 * events of a filter, resuming with {@code Last-Event-ID}, {@code reset} past the history, a client
 * that does not read cut off, the owner rule and refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TaskEventsApiContractTest {

    private static final String TASKS = "/pulp/api/v2/tasks/";
    private static final String EVENTS = "/pulp/api/v2/events/";
    private static final String ADMIN_PASSWORD = "events-admin-password";
    private static final int HISTORY = 60;
    private static final int MAX_LAG = 500;
    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;
    private Taskmill server;
    private ApiClient api;
    private URI root;

    /** The store the server under test keeps its tasks in, empty. */
    abstract StoreConfig store();

    @BeforeAll
    void startServer() {
        server = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 4, "/pulp/api", Duration.ofHours(1), dataDir,
                new SecurityConfig(true, dataDir.resolve("users.json"), ADMIN_PASSWORD, null, null), store())
                .withEvents(new EventsConfig(HISTORY, MAX_LAG)));
        root = server.baseUri().resolve("/");
        api = new ApiClient(root, "admin", ADMIN_PASSWORD);
        new UserAdministration(UsersFile.open(dataDir.resolve("users.json")))
                .addUser("gail", "gail-password".toCharArray(), Set.of(Permission.CREATE));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    EventStream open(String query, String lastEventId) {
        return EventStream.open(root.resolve(EVENTS + query), "admin", ADMIN_PASSWORD, lastEventId);
    }

    private String submitSleep(ApiClient client, double seconds, String... tags) {
        String body = """
                {"operation": "sleep", "args": {"seconds": %s}, "tags": [%s]}"""
                .formatted(seconds, String.join(", ", java.util.Arrays.stream(tags).map(t -> "\"" + t + "\"").toList()));
        ApiClient.Reply reply = client.post(TASKS, body);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(202);
        return reply.body().get("task_id").asText();
    }

    /** The names of {@code events}, but progress (which a sleep reports as it likes). */
    private static List<String> names(List<EventStream.Event> events) {
        return events.stream().map(EventStream.Event::name).filter(name -> !name.equals("progress")).toList();
    }

    private static String lastId(List<EventStream.Event> events) {
        return events.get(events.size() - 1).id();
    }

    @Test
    void aStreamSeesTheSubmissionStartAndEndOfTheTasksOfItsTagAndNoOthers() {
        String tag = unique("team");
        try (EventStream stream = open("?tag=" + tag, null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            submitSleep(api, 0.1, unique("other"));
            String id = submitSleep(api, 0.3, tag, unique("second"));
            List<EventStream.Event> events = stream.until(event -> event.name().equals("ended"), SOON);
            assertThat(names(events)).containsExactly("submitted", "started", "ended");
            assertThat(events).allSatisfy(event -> {
                assertThat(event.taskId()).isEqualTo(id);
                assertThat(event.data().fieldNames()).toIterable()
                        .containsExactlyInAnyOrderElementsOf(TasksApiContractTest.REPORT_KEYS);
            });
            assertThat(events).extracting(event -> event.data().get("state").asText())
                    .containsSubsequence("waiting", "running", "finished")
                    .containsOnly("waiting", "running", "finished");
            assertThat(events.subList(2, events.size() - 1)).extracting(EventStream.Event::name)
                    .containsOnly("progress");
            assertThat(events.get(0).data().get("_href").asText()).isEqualTo(TASKS + id + "/");
            List<Long> numbers = events.stream().map(event -> Long.parseLong(event.id().split("-")[1])).toList();
            assertThat(numbers).isSorted().doesNotHaveDuplicates();
            assertThat(stream.comments()).contains("taskmill events");
        }
    }

    @Test
    void filtersByStateAndTaskGroup() {
        String tag = unique("filter");
        try (EventStream ends = open("?state=finished&state=canceled&tag=" + tag, null)) {
            String id = submitSleep(api, 0.1, tag);
            List<EventStream.Event> events = ends.until(event -> event.taskId().equals(id), SOON);
            assertThat(names(events)).containsExactly("ended");
        }
        try (EventStream group = open("?task_group_id=" + UUID.randomUUID(), null)) {
            submitSleep(api, 0.05, tag);
            submitSleep(api, 0.05, tag);
            try (EventStream all = open("?tag=" + tag, null)) {
                String id = submitSleep(api, 0.05, tag);
                all.until(event -> event.taskId().equals(id) && event.name().equals("ended"), SOON);
            }
            assertThat(group.drain()).as("no task of that group").isEmpty();
        }
    }

    @Test
    void aClientThatResumesWithLastEventIdGetsWhatItMissed() {
        String tag = unique("resume");
        String lastSeen;
        try (EventStream stream = open("?tag=" + tag, null)) {
            String first = submitSleep(api, 0.05, tag);
            lastSeen = lastId(stream.until(event -> event.taskId().equals(first) && event.name().equals("ended"),
                    SOON));
        }
        String missed = submitSleep(api, 0.05, tag);
        awaitState(missed, "finished");
        try (EventStream resumed = open("?tag=" + tag, lastSeen)) {
            List<EventStream.Event> events = resumed.until(event -> event.name().equals("ended"), SOON);
            assertThat(names(events)).containsExactly("submitted", "started", "ended");
            assertThat(events).extracting(EventStream.Event::taskId).containsOnly(missed);
        }
    }

    @Test
    void aClientWhoseLastEventIsNoLongerHeldIsToldToListAgain() {
        String tag = unique("reset");
        String lastSeen;
        try (EventStream stream = open("?tag=" + tag, null)) {
            String first = submitSleep(api, 0.0, tag);
            lastSeen = lastId(stream.until(event -> event.taskId().equals(first) && event.name().equals("ended"),
                    SOON));
            List<String> more = new ArrayList<>();
            for (int n = 0; n < HISTORY / 3 + 5; n++) {
                more.add(submitSleep(api, 0.0, tag));
            }
            String last = more.get(more.size() - 1);
            stream.until(event -> event.taskId().equals(last) && event.name().equals("ended"), SOON);
        }
        try (EventStream late = open("?tag=" + tag, lastSeen)) {
            EventStream.Event reset = late.next(SOON);
            assertThat(reset.name()).isEqualTo("reset");
            assertThat(reset.id()).isNull();
            assertThat(reset.data().get("message").asText()).contains("no longer held");
        }
        try (EventStream stranger = open("", "not-an-id")) {
            assertThat(stranger.next(SOON).name()).isEqualTo("reset");
        }
    }

    @Test
    void aCallerWithoutReadSeesOnlyTheirOwnTasks() {
        String tag = unique("own");
        ApiClient gail = new ApiClient(root, "gail", "gail-password");
        try (EventStream hers = EventStream.open(root.resolve(EVENTS + "?tag=" + tag), "gail", "gail-password",
                null)) {
            submitSleep(api, 0.0, tag);
            String own = submitSleep(gail, 0.0, tag);
            List<EventStream.Event> events = hers.until(event -> event.name().equals("ended"), SOON);
            assertThat(events).extracting(EventStream.Event::taskId).containsOnly(own);
        }
    }

    @Test
    void badFiltersAndMissingCredentialsAreRefusedWithTheErrorObject() {
        for (String query : List.of("?state=bogus", "?limit=3", "?task_group_id=a&task_group_id=b")) {
            ApiClient.Reply reply = api.get(EVENTS + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(reply.body().get("http_status").asInt()).isEqualTo(400);
        }
        ApiClient.Reply anonymous = ApiClient.anonymous(root).get(EVENTS);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().get("http_status").asInt()).isEqualTo(401);
    }

    @Test
    void clientsThatDoNotReadAreCutOffWithALastEventSayingWhy_andHoldUpNoOtherStream() throws Exception {
        String tag = unique("slow");
        // long tags make each event about 7 KB, so that the buffers on the way (the kernel's, Grizzly's)
        // fill after a few hundred events and the server's writes to the client stop
        List<String> tags = new ArrayList<>();
        tags.add(tag);
        for (int n = 0; n < 30; n++) {
            tags.add(("t" + n + "-").repeat(80).substring(0, 240));
        }
        // more of them than the server has threads writing to streams
        int slow = Runtime.getRuntime().availableProcessors() + 2;
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < slow; i++) {
                sockets.add(openWithoutReading("?tag=" + tag));
            }
            try (EventStream keepsUp = open("?tag=" + tag, null)) {
                String last = null;
                for (int n = 0; n < 1_000; n++) {
                    last = submitSleep(api, 0.0, tags.toArray(String[]::new));
                }
                String lastId = last;
                // a writer that waited for a slow client would hold this one up for Grizzly's write timeout (30 s)
                keepsUp.until(event -> event.taskId().equals(lastId) && event.name().equals("ended"),
                        Duration.ofSeconds(15));
            }
            for (Socket socket : sockets) {
                // now it reads: what the server still sent, then the end of the response (its last chunk;
                // the connection itself may stay open for another request)
                String text = readUntilLastChunk(socket);
                assertThat(text).startsWith("HTTP/1.1 200");
                assertThat(text).contains("event: closed");
                assertThat(text).contains("fell more than " + MAX_LAG + " events behind");
                assertThat(text.indexOf("event: closed")).isGreaterThan(text.lastIndexOf("event: ended"));
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** A stream opened by a client with a small receive buffer, which reads nothing of it yet. */
    private Socket openWithoutReading(String query) throws java.io.IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", root.getPort()));
        OutputStream out = socket.getOutputStream();
        String credentials = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(
                StandardCharsets.UTF_8));
        out.write(("GET " + EVENTS + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + "Authorization: Basic " + credentials + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String readUntilLastChunk(Socket socket) throws java.io.IOException {
        socket.setSoTimeout(1_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[65_536];
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int read = 0;
        while (read >= 0 && !endsWithLastChunk(received)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the stream of the client that did not read was not closed");
            }
            try {
                read = in.read(buffer);
                if (read > 0) {
                    received.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException e) {
                // keep reading until the end or the deadline
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Whether a chunked response's last chunk ({@code 0} and an empty line) ends {@code received}. */
    private static boolean endsWithLastChunk(ByteArrayOutputStream received) {
        byte[] end = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        if (received.size() < end.length) {
            return false;
        }
        byte[] bytes = received.toByteArray();
        return java.util.Arrays.equals(bytes, bytes.length - end.length, bytes.length, end, 0, end.length);
    }

    private void awaitState(String id, String state) {
        dev.taskmill.testing.Eventually.await(SOON, "task " + id + " " + state,
                () -> api.get(TASKS + id + "/").body(), (JsonNode report) -> report.get("state").asText().equals(state));
    }
}
