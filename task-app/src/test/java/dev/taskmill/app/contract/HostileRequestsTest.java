package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.app.SecurityConfig;
import dev.taskmill.app.Taskmill;
import dev.taskmill.app.TaskmillConfig;
import dev.taskmill.application.service.UserAdministration;
import dev.taskmill.adapter.usersfile.UsersFile;
import dev.taskmill.domain.Permission;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated hostile requests, sent as raw bytes to a real server: random and
 * mutated methods, paths, headers, bodies, encodings and content types, oversized fields,
 * broken framing and path traversal for {@code digest}. None may get a 5xx, every error
 * must be the JSON error object, and no task may be created or changed by a refused request.
 */
class HostileRequestsTest {

    private static final int REQUESTS = 6_000;
    private static final long SEED = Long.getLong("taskmill.fuzz.seed", 20261129L);
    private static final String ROOT = "/pulp/api";
    private static final String TASKS = ROOT + "/v2/tasks/";
    private static final String SEARCH = TASKS + "search/";
    private static final String GROUPS = ROOT + "/v2/task_groups/";
    private static final String ADMIN_PASSWORD = "fuzz-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ALL_STATES = {"waiting", "running", "finished", "error", "canceled", "skipped"};

    @TempDir
    static Path dir;
    private static Taskmill server;
    private static int port;
    private static ApiClient admin;
    private static final List<String> existing = new ArrayList<>();

    private final Random random = new Random(SEED);

    @BeforeAll
    static void startServer() throws IOException {
        Files.writeString(dir.resolve("data.txt"), "checksummed");
        Path users = dir.resolve("users.json");
        server = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 2, ROOT, Duration.ofHours(1), dir,
                new SecurityConfig(true, users, ADMIN_PASSWORD, null, null)).withShutdownGrace(Duration.ZERO));
        port = server.baseUri().getPort();
        UserAdministration administration = new UserAdministration(UsersFile.open(users));
        // may read and submit, but neither cancel nor see the admin's tasks as their own
        administration.addUser("fuzzer", "fuzzer-password".toCharArray(), Set.of(Permission.READ, Permission.CREATE));
        administration.addUser("mallory", "mallory-password".toCharArray(), Set.of(Permission.CREATE));
        admin = new ApiClient(server.baseUri().resolve("/"), "admin", ADMIN_PASSWORD);
        String finished = admin.submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 0}, \"tags\": [\"done\"]}")
                .get("task_id").asText();
        admin.awaitState(finished, "finished");
        existing.add(finished);
        String running = admin.submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 600}, \"resources\":"
                + " [{\"resource_type\": \"repository\", \"resource_id\": \"r1\", \"operation\": \"update\"}]}")
                .get("task_id").asText();
        admin.awaitState(running, "running");
        existing.add(running);
        existing.add(admin.submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"resources\":"
                + " [{\"resource_type\": \"repository\", \"resource_id\": \"r1\", \"operation\": \"update\"}]}")
                .get("task_id").asText());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void givenThousandsOfHostileRequests_noneGets5xx_everyErrorIsTheJsonObject_andNoTaskIsTouched()
            throws Exception {
        Map<String, String> before = snapshot();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Set<String> accepted = new HashSet<>();
        List<String> problems = new ArrayList<>();
        int unanswered = 0;

        for (int i = 0; i < REQUESTS; i++) {
            Hostile request = generate();
            Reply reply = exchange(request.bytes());
            if (reply == null) {
                unanswered++;
                if (!request.mayGoUnanswered()) {
                    problems.add("no answer to " + request.describe());
                }
                continue;
            }
            statuses.merge(reply.status, 1, Integer::sum);
            String problem = check(request, reply);
            if (problem != null) {
                problems.add(problem + " for " + request.describe());
            }
            if (reply.status == 202) {
                // a call's report names its task, a group's answer its tasks; both in spawned_tasks
                JSON.readTree(reply.body).get("spawned_tasks").forEach(task -> accepted.add(task.get("task_id").asText()));
            }
            if (i % 500 == 0) {
                assertThat(admin.get(TASKS).status()).as("server still answers after %d requests", i).isEqualTo(200);
            }
        }

        System.out.printf("hostile requests: %d sent (seed %d), %d unanswered, statuses %s, %d accepted%n",
                REQUESTS, SEED, unanswered, statuses, accepted.size());
        assertThat(problems).as("problems (first of %d)", problems.size()).isEmpty();
        assertThat(statuses.keySet()).allMatch(status -> status < 500);

        Map<String, String> after = snapshot();
        for (Map.Entry<String, String> task : before.entrySet()) {
            assertThat(after.get(task.getKey())).as("task %s", task.getKey()).isEqualTo(task.getValue());
        }
        Set<String> created = new HashSet<>(after.keySet());
        created.removeAll(before.keySet());
        assertThat(accepted).containsAll(created);

        String check = admin.submit("{\"operation\": \"digest\", \"args\": {\"path\": \"data.txt\"}}")
                .get("task_id").asText();
        assertThat(admin.awaitState(check, "finished").get("result").get("digest").asText()).isNotBlank();
    }

    /** Every task the admin can see, as the parts of its report that only a change would alter. */
    private static Map<String, String> snapshot() {
        String query = TASKS + "?state=" + String.join("&state=", ALL_STATES);
        Map<String, String> tasks = new HashMap<>();
        for (JsonNode report : admin.get(query).body()) {
            String id = report.get("task_id").asText();
            String state = report.get("state").asText();
            // the one admitted behind the running task stays waiting: r1 is held for 600 s
            tasks.put(id, state + " " + report.get("response").asText() + " " + report.get("tags") + " "
                    + report.get("result") + " " + report.get("exception"));
        }
        return tasks;
    }

    private static String check(Hostile request, Reply reply) {
        if (reply.status >= 500) {
            return "status " + reply.status + " body " + abbreviate(reply.body);
        }
        if (reply.status < 400 || request.method.equals("HEAD")) {
            return null;
        }
        if (!reply.contentType.startsWith("application/json")) {
            return "error " + reply.status + " with content type '" + reply.contentType + "' body "
                    + abbreviate(reply.body);
        }
        try {
            JsonNode error = JSON.readTree(reply.body);
            if (error == null || !error.isObject() || error.path("http_status").asInt() != reply.status
                    || !error.path("error_message").isTextual() || !error.path("href").isTextual()
                    || !error.path("http_request_method").isTextual()) {
                return "error " + reply.status + " is not the error object: " + abbreviate(reply.body);
            }
            if (reply.body.contains("Exception") || reply.body.contains("\tat ") || reply.body.contains("<html")) {
                return "error body leaks internals: " + abbreviate(reply.body);
            }
        } catch (IOException e) {
            return "error " + reply.status + " body is not JSON: " + abbreviate(reply.body);
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    // ---- generation ----

    /** A request as raw bytes and what it was made of. */
    private record Hostile(String method, String target, byte[] bytes, boolean mayGoUnanswered, String kind) {
        String describe() {
            String head = new String(bytes, 0, Math.min(bytes.length, 700), StandardCharsets.ISO_8859_1);
            return kind + ": " + head.replace("\r", "\\r").replace("\n", "\\n");
        }
    }

    private Hostile generate() {
        int kind = random.nextInt(100);
        if (kind < 8) {
            return brokenFraming();
        }
        if (kind < 14) {
            return garbageRequestLine();
        }
        String method = pick(List.of("GET", "GET", "GET", "POST", "POST", "POST", "POST", "DELETE", "DELETE", "PUT",
                "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "get", "Post"));
        String target = target();
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", authorization());
        byte[] body = new byte[0];
        if (method.equalsIgnoreCase("POST") || random.nextInt(10) == 0) {
            body = body();
            headers.put("Content-Type", contentType());
        }
        if (random.nextInt(8) == 0) {
            headers.put(pick(List.of("Accept", "Accept-Encoding", "Expect", "Upgrade", "X-Forwarded-For", "Cookie",
                    "Range", "If-None-Match", "Content-Encoding")), headerValue());
        }
        return request(method, target, headers, body, "request");
    }

    private Hostile request(String method, String target, Map<String, String> headers, byte[] body, String kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String host = random.nextInt(20) > 0 ? "127.0.0.1" : pick(List.of("a b", "[::", "x:99999", "", "\u00e9.example",
                "127.0.0.1:-1", "h%zz", "[fe80::1%eth0]"));
        write(out, method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        headers.forEach((name, value) -> {
            if (value != null) {
                write(out, name + ": " + value + "\r\n");
            }
        });
        write(out, "Content-Length: " + body.length + "\r\n\r\n");
        out.writeBytes(body);
        return new Hostile(method, target, out.toByteArray(), false, kind);
    }

    private Hostile brokenFraming() {
        String auth = "Authorization: " + validAuthorization() + "\r\n";
        String head = "POST " + TASKS + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth
                + "Content-Type: application/json\r\n";
        String body = "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}}";
        String raw = switch (random.nextInt(9)) {
            case 0 -> head + "Content-Length: " + (body.length() + 50) + "\r\n\r\n" + body;
            case 1 -> head + "Content-Length: -5\r\n\r\n" + body;
            case 2 -> head + "Content-Length: abc\r\n\r\n" + body;
            case 3 -> head + "Content-Length: 10\r\nContent-Length: 20\r\n\r\n" + body;
            case 4 -> head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n";
            case 5 -> head + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\n{\"op\"\r\n0\r\n\r\n";
            case 6 -> head + "Transfer-Encoding: gzip, chunked\r\n\r\n" + body;
            case 7 -> head + "Content-Length: 99999999999999999999\r\n\r\n" + body;
            default -> head + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFF\r\n" + body;
        };
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        // a body shorter than announced can only end in a closed connection
        return new Hostile("POST", TASKS, bytes, true, "framing");
    }

    private Hostile garbageRequestLine() {
        String raw = switch (random.nextInt(8)) {
            case 0 -> "GARBAGE\r\n\r\n";
            case 1 -> "GET " + TASKS + " HTTP/3.7\r\nHost: x\r\n\r\n";
            case 2 -> "GET " + TASKS + " HTTP/1.1\r\nHost: x\r\nNoColonHeader\r\nX-Real: y\r\n\r\n";
            case 3 -> "GET " + TASKS + " HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n";
            case 4 -> "GET " + TASKS + "\u0000 HTTP/1.1\r\nHost: x\r\n\r\n";
            case 5 -> "\r\n\r\nGET " + TASKS + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            case 6 -> "GET http://evil.example" + TASKS + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            default -> randomAscii(1 + random.nextInt(200)) + "\r\n\r\n";
        };
        return new Hostile("GET", TASKS, raw.getBytes(StandardCharsets.ISO_8859_1), false, "request line");
    }

    private String target() {
        String base = pick(List.of(TASKS, TASKS, TASKS, TASKS + existing.get(random.nextInt(existing.size())) + "/",
                TASKS + UUID.randomUUID() + "/", TASKS + "not-a-uuid/", "/", ROOT + "/", ROOT + "/v2/", ROOT
                        + "/v2/tasks", TASKS + "../../../../etc/passwd", TASKS + "%2e%2e/%2e%2e/", "/pulp/api/v3/tasks/",
                "*", "//pulp//api//v2//tasks//", TASKS + "%00/", TASKS + "%zz/", ROOT + "/v2/tasks/%C3%A9/",
                TASKS + "a".repeat(5_000) + "/", SEARCH, SEARCH, SEARCH, ROOT + "/v2/tasks/search", GROUPS, GROUPS,
                GROUPS + UUID.randomUUID() + "/", GROUPS + UUID.randomUUID() + "/state_summary/",
                GROUPS + "not-a-uuid/state_summary/", GROUPS + "%00/"));
        if (random.nextBoolean()) {
            base += "?" + pick(List.of("tag=a", "tag=%00", "tag=" + "t".repeat(300), "limit=0", "limit=-1",
                    "limit=99999999999999999999", "limit=abc", "limit=1&limit=2", "state=bogus", "state=waiting",
                    "after=-5", "after=x", "unknown=1", "tag", "=", "&&&", "tag=%zz", "tag=a&tag=b&tag=pulp:action:sleep",
                    "filters=%7B%22state%22%3A%22running%22%7D", "filters=%7B", "filters=%5B%5D", "sort=x", "skip=-1",
                    "field=state&field=state", "field=nope", "filters=%7B%22tags%22%3A%7B%22%24regex%22%3A%22(%22%7D%7D"));
        }
        return random.nextInt(4) == 0 ? mutate(base) : base;
    }

    private String authorization() {
        int kind = random.nextInt(100);
        if (kind < 70) {
            return validAuthorization();
        }
        if (kind < 80) {
            return null;
        }
        if (kind < 84) {
            return basic("mallory", "guess-" + random.nextInt(1000));
        }
        if (kind < 85) {
            return basic("ghost-" + random.nextInt(5), "whatever");
        }
        return pick(List.of("Basic", "Basic %%%", "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff,
                ':', 'x'}), "Bearer abc", "Digest username=\"admin\"", "Basic " + "A".repeat(3_000),
                "basic " + Base64.getEncoder().encodeToString("fuzzer".getBytes(StandardCharsets.UTF_8))));
    }

    private static String validAuthorization() {
        return basic("fuzzer", "fuzzer-password");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String contentType() {
        return pick(List.of("application/json", "application/json", "application/json; charset=utf-8",
                "application/json; charset=utf-16", "application/json; charset=latin1", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "*/*", "application/",
                "application/json; charset=\"", "garbage"));
    }

    private String headerValue() {
        return pick(List.of("", "*", "gzip", "100-continue", "h2c", "bytes=0-1", "a".repeat(4_000), "\u00e9\u00e8",
                randomAscii(50)));
    }

    /** A search body, sent to any target: hostile criteria among ordinary ones. */
    private String criteria() {
        String filters = pick(List.of("{}", "{\"state\": \"running\"}", "{\"state\": {\"$in\": [\"waiting\", 3]}}",
                "{\"tags\": {\"$regex\": \"(a+)+$\"}}", "{\"tags\": {\"$regex\": \"[\"}}", "{\"$where\": \"1\"}",
                "{\"task_id\": {\"$in\": " + tags(2_000, 36) + "}}", "{\"$or\": []}", "{\"state\": {}}",
                "{\"start_time\": {\"$gt\": \"+999999999-12-31T23:59:59Z\"}}", "{\"finish_time\": {\"$lt\": 5}}",
                "{\"$and\": [" + "{\"$or\": [".repeat(14) + "{}" + "]}".repeat(14) + "]}", "[]", "null", "\"x\""));
        String rest = pick(List.of("", ", \"limit\": 10001", ", \"skip\": -1", ", \"limit\": 0", ", \"sort\": [[\"tags\"]]",
                ", \"sort\": [[\"state\", \"descending\"]]", ", \"fields\": [\"state\"]", ", \"fields\": [1]",
                ", \"limit\": 1e3", ", \"skip\": 99999999999999999999"));
        String json = "{\"criteria\": {\"filters\": " + filters + rest + "}}";
        return random.nextInt(4) == 0 ? mutate(json) : json;
    }

    /** A task group body, sent to any target: hostile groups among ordinary ones. */
    private String group() {
        String call = "{\"operation\": \"sleep\", \"args\": {\"seconds\": 0}}";
        String json = "{\"calls\": " + pick(List.of("[]", "[" + call + "]", "[" + call + ", " + call + "]", "{}", "null",
                "[" + call + ", {\"operation\": \"nope\"}]", "[" + String.join(", ", java.util.Collections.nCopies(1_001,
                        call)) + "]", "[" + call + ", 5]", "[{\"operation\": \"sleep\", \"args\": {\"seconds\": 1},"
                        + " \"resources\": [{\"resource_type\": \"repository\", \"resource_id\": \"r1\","
                        + " \"operation\": \"create\"}]}]")) + "}";
        return random.nextInt(4) == 0 ? mutate(json) : json;
    }

    private byte[] body() {
        if (random.nextInt(3) == 0) {
            return (random.nextBoolean() ? criteria() : group()).getBytes(StandardCharsets.UTF_8);
        }
        String json = switch (random.nextInt(24)) {
            case 0 -> "";
            case 1 -> "null";
            case 2 -> "[]";
            case 3 -> "\"sleep\"";
            case 4 -> "{";
            case 5 -> "[".repeat(50_000);
            case 6 -> "{\"operation\": \"sleep\", \"args\": " + "{\"a\": ".repeat(40) + "1" + "}".repeat(40) + "}";
            case 7 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"pad\": \"" + "x".repeat(1_100_000) + "\"}";
            case 8 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"tags\": " + tags(65, 3) + "}";
            case 9 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"tags\": " + tags(1, 300) + "}";
            case 10 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"resources\": " + resources(65, "r") + "}";
            case 11 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"resources\": " + resources(1, "r\\u0000x")
                    + "}";
            case 12 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"resources\": " + resources(1,
                    "r".repeat(300)) + "}";
            case 13 -> "{\"operation\": \"digest\", \"args\": {\"path\": \"" + pick(List.of("../../../../etc/passwd",
                    "/etc/passwd", "..\\\\..\\\\etc\\\\passwd", "%2e%2e/%2e%2e/etc/passwd", "data.txt/../../x",
                    "\\u0000", "", "/proc/self/environ", "../" + dir.getFileName() + "/../x")) + "\"}}";
            case 14 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": " + pick(List.of("-1", "1e999999", "\"x\"",
                    "null", "[]", "1e308", "NaN")) + "}}";
            case 15 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"timeout_seconds\": "
                    + pick(List.of("-1", "0", "1e308", "\"x\"", "99999999999999999999")) + "}";
            case 16 -> "{\"operation\": \"sleep\", \"progress\": {}, \"state\": \"finished\"}";
            case 17 -> "{\"operation\": \"" + pick(List.of("", "nope", "../sleep", "sleep\\u0000", "SLEEP")) + "\"}";
            case 18 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"tags\": [\"\\ud800\"]}";
            case 19 -> "{\"operation\": \"sleep\", \"operation\": \"digest\", \"args\": {\"seconds\": 1}}";
            case 20 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}} trailing";
            case 21 -> "\ufeff{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"tags\": 5}";
            case 22 -> "{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}, \"resources\": [{\"resource_type\": "
                    + "\"repository\", \"resource_id\": \"r1\", \"operation\": \"" + pick(List.of("write", "", "UPDATE"))
                    + "\"}]}";
            default -> mutate("{\"operation\": \"sleep\", \"args\": {\"seconds\": 1, \"bad\": 1}, \"tags\": [\"t\"]}");
        };
        if (random.nextInt(20) == 0) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
            }
            return bytes;
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String tags(int count, int length) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tags.add("\"" + "t".repeat(length - 1) + (i % 10) + "\"");
        }
        return "[" + String.join(",", tags) + "]";
    }

    private static String resources(int count, String id) {
        List<String> claims = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            claims.add("{\"resource_type\": \"repository\", \"resource_id\": \"" + id + i + "\", \"operation\": \"read\"}");
        }
        return "[" + String.join(",", claims) + "]";
    }

    private String mutate(String text) {
        StringBuilder mutated = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        String hostile = "%\\/.\"{}[]<>`'; \t\u0000\u007f\u00e9#?&=:@!$*+,~|^";
        for (int i = 0; i < edits && mutated.length() > 0; i++) {
            int at = random.nextInt(mutated.length());
            char c = hostile.charAt(random.nextInt(hostile.length()));
            switch (random.nextInt(3)) {
                case 0 -> mutated.insert(at, c);
                case 1 -> mutated.deleteCharAt(at);
                default -> mutated.setCharAt(at, c);
            }
        }
        return mutated.toString();
    }

    private String randomAscii(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(128));
        }
        return text.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static void write(ByteArrayOutputStream out, String text) {
        // a request target or header with characters beyond Latin-1 goes out as UTF-8, as a client would send it
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- the exchange ----

    private record Reply(int status, String contentType, String body) {
    }

    /** Sends {@code request} on a new connection; the reply, or {@code null} if the server closed without one. */
    private static Reply exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before it has read everything (413, 400)
            }
            byte[] raw;
            try {
                raw = readAll(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within 15 s to "
                        + new String(request, 0, Math.min(200, request.length), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return null;
            }
            return raw.length == 0 ? null : parse(raw);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static Reply parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        // an interim 100 Continue precedes the answer
        while (text.startsWith("HTTP/1.1 1") && text.indexOf("\r\n\r\n") > 0) {
            int interimEnd = text.indexOf("\r\n\r\n") + 4;
            raw = java.util.Arrays.copyOfRange(raw, interimEnd, raw.length);
            text = text.substring(interimEnd);
        }
        int headEnd = text.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? text : text.substring(0, headEnd);
        byte[] body = headEnd < 0 ? new byte[0] : java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = "";
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(line.indexOf(':') + 1).strip();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        return new Reply(status, contentType, new String(chunked ? dechunk(body) : body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0 || lineEnd + 2 + size > body.length) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
