package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, the database going away: one node as a real process, PostgreSQL itself stopped for
 * about 8 s while a task runs and a conflicting one waits behind it. Meanwhile the API answers
 * promptly with 503 (never 500, never a hang); afterwards the running task has ended as its
 * operation did, the waiting one has run, the node serves again by itself, and the refused
 * submission left no task.
 */
class DatabaseStoppedTest {

    private static final Pattern LISTENING = Pattern.compile("Taskmill listening on (http://\\S+)");
    /** Long enough that the outage does not make the node's own heartbeat lapse. */
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    /** What "promptly" means here: the pool waits 2 s for a connection; generous for a loaded machine. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final NodeHttp http = new NodeHttp(Duration.ofSeconds(30));

    @Test
    void givenPostgresStoppedWhileATaskRuns_theApiAnswers503Promptly_andEveryAcceptedCallRunsOnceItIsBack()
            throws Exception {
        StoreConfig store = TestPostgres.emptyDatabase(dir);
        PostgresServer postgres = PostgresServer.fromEnvironment();
        MainProcess node = MainProcess.start(Map.of(), "", "--port", "0", "--auth", "none", "--workers", "2",
                "--data-dir", dir.toString(), "--store", "postgres", "--db-url", store.dbUrl(), "--db-user",
                store.dbUser(), "--db-password-file", store.dbPasswordFile().toString(), "--node-timeout",
                NODE_TIMEOUT.toString());
        String logBefore = "";
        String logDuring = "";
        Throwable primary = null;
        try {
            Matcher listening = LISTENING.matcher(node.awaitOutput(line -> LISTENING.matcher(line).find()));
            assertThat(listening.find()).isTrue();
            URI tasks = URI.create(listening.group(1)).resolve("v2/tasks/");
            Set<String> toldOf = new HashSet<>(); // every task id a 202 named

            String running = submit(tasks, sleepOn("r1", 3, "first"), toldOf);
            String waiting = submit(tasks, sleepOn("r1", 0, "second"), toldOf);
            awaitState(tasks, running, "running", Duration.ofSeconds(20));
            assertThat(state(tasks, waiting)).as("the conflicting call waits").isEqualTo("waiting");

            List<NodeHttp.Reply> refused = new ArrayList<>();
            logBefore = node.output();
            long haltedAt = System.nanoTime();
            postgres.halt();
            try {
                refused.add(http.post(tasks, sleepOn("r2", 0, "during-outage")));
                refused.add(http.get(tasks));
                refused.add(http.get(tasks.resolve(running + "/")));
                long left = OUTAGE.toNanos() - (System.nanoTime() - haltedAt);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, left));
                logDuring = node.output().substring(logBefore.length());
            } finally {
                postgres.resumeIfHalted();
            }

            // checked softly: one run tells every promise the outage broke
            SoftAssertions softly = new SoftAssertions();
            for (NodeHttp.Reply reply : refused) {
                softly.assertThat(reply.status()).as("a request while PostgreSQL is down: %s", reply).isEqualTo(503);
                softly.assertThat(reply.took()).as("how long it took: %s", reply).isLessThan(PROMPT);
                softly.assertThat(reply.header("Retry-After")).as("Retry-After of %s", reply).isPresent();
                JsonNode error = reply.status() == 503 ? reply.json() : NodeHttp.JSON.createObjectNode();
                softly.assertThat(error.path("http_status").asInt()).as("the error object: %s", reply).isEqualTo(503);
                softly.assertThat(error.path("error_message").asText()).as("the error object: %s", reply)
                        .isNotBlank();
            }

            Eventually.await(Duration.ofSeconds(30), "the node serving again without a restart",
                    () -> http.get(tasks).status() == 200);
            JsonNode first = awaitTerminal(tasks, running, Duration.ofSeconds(60));
            softly.assertThat(first.path("state").asText())
                    .as("the task running during the outage (a sleep of 3 s, which returns normally): %s", first)
                    .isEqualTo("finished");
            JsonNode second = awaitTerminal(tasks, waiting, Duration.ofSeconds(60));
            softly.assertThat(second.path("state").asText()).as("the task waiting behind it: %s", second)
                    .isEqualTo("finished");
            if (second.hasNonNull("start_time") && first.hasNonNull("finish_time")) {
                softly.assertThat(Instant.parse(second.path("start_time").asText()))
                        .as("the waiting task started only after the first ended: %s then %s", first, second)
                        .isAfterOrEqualTo(Instant.parse(first.path("finish_time").asText()));
            }

            String after = submit(tasks, sleepOn("r1", 0, "after-outage"), toldOf);
            softly.assertThat(awaitTerminal(tasks, after, Duration.ofSeconds(30)).path("state").asText())
                    .as("a call after the outage").isEqualTo("finished");

            NodeHttp.Reply all = http.get(URI.create(tasks + "?" + NodeHttp.EVERY_STATE));
            assertThat(all.status()).as("the listing: %s", all).isEqualTo(200);
            Set<String> stored = new HashSet<>();
            all.json().forEach(task -> stored.add(task.path("task_id").asText()));
            softly.assertThat(stored).as("the tasks stored: exactly those a 202 named (the 503 submission left none)")
                    .isEqualTo(toldOf);

            softly.assertThat(LogNoise.of(logDuring, OUTAGE).problems())
                    .as("the node's log during the %s s outage: not a stack trace, nor a line of one component,"
                            + " every second; it logged:%n%s", OUTAGE.toSeconds(), logDuring)
                    .isEmpty();
            softly.assertAll();
        } catch (Throwable failure) {
            primary = failure;
            throw failure;
        } finally {
            try {
                postgres.resumeAfter(primary);
            } finally {
                stop(node);
            }
        }
    }

    private String submit(URI tasks, String body, Set<String> toldOf) throws Exception {
        NodeHttp.Reply reply = http.post(tasks, body);
        assertThat(reply.status()).as("submitting %s: %s", body, reply).isEqualTo(202);
        String id = reply.json().path("task_id").asText();
        toldOf.add(id);
        return id;
    }

    private static String sleepOn(String resource, int seconds, String tag) {
        return "{\"operation\": \"sleep\", \"args\": {\"seconds\": " + seconds + "}, \"tags\": [\"" + tag + "\"],"
                + " \"resources\": [{\"resource_type\": \"repository\", \"resource_id\": \"" + resource + "\","
                + " \"operation\": \"update\"}]}";
    }

    private String state(URI tasks, String id) throws Exception {
        TimeUnit.MILLISECONDS.sleep(50); // Eventually polls every 10 ms: gentler on a small machine
        NodeHttp.Reply reply = http.get(tasks.resolve(id + "/"));
        assertThat(reply.status()).as("polling %s: %s", id, reply).isEqualTo(200);
        return reply.json().path("state").asText();
    }

    private void awaitState(URI tasks, String id, String wanted, Duration within) {
        Eventually.await(within, "task " + id + " " + wanted, () -> state(tasks, id).equals(wanted));
    }

    private JsonNode awaitTerminal(URI tasks, String id, Duration within) {
        return Eventually.await(within, "task " + id + " ended", () -> {
            TimeUnit.MILLISECONDS.sleep(50);
            NodeHttp.Reply reply = http.get(tasks.resolve(id + "/"));
            return reply.status() == 200 ? reply.json() : null;
        }, task -> task != null && Set.of("finished", "error", "canceled", "skipped")
                .contains(task.path("state").asText()));
    }

    /** SIGTERM, then SIGKILL if it does not end; its log is kept in target/fault-logs for a look after the run. */
    private static void stop(MainProcess node) throws IOException, InterruptedException {
        node.process().destroy();
        node.process().waitFor(15, TimeUnit.SECONDS);
        Path logs = Files.createDirectories(Path.of("target", "fault-logs"));
        Files.writeString(logs.resolve("DatabaseStoppedTest-node.log"), node.output());
        node.close();
    }
}
