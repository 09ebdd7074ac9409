package dev.taskmill.bench;

import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3: polling call reports of existing tasks over HTTP with {@code wrk}, against a
 * trivial resource with a constant body of the same size on the same Jersey and Grizzly stack.
 */
final class PollOverHttp implements Scenario {

    private static final int TASKS = 100;
    private static final int CONNECTIONS = 64;

    @Override
    public String id() {
        return "poll-http";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        String title = "Poll over HTTP: GET /pulp/api/v2/tasks/{id}/ with HTTP Basic, " + CONNECTIONS
                + " keep-alive connections";
        Wrk.Lengths lengths = Wrk.Lengths.of(settings);
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.withBasicAuth()) {
            List<String> paths = new ArrayList<>();
            Tag bench = Tag.of("bench:poll");
            for (int i = 0; i < TASKS; i++) {
                Task task = taskmill.submitNoOp("poll-" + i, ResourceOperation.UPDATE, bench, Tag.of("n:" + i));
                paths.add(taskmill.baseUri().getPath() + "v2/tasks/" + task.id() + "/");
            }
            taskmill.awaitIdle(Duration.ofMinutes(1));
            URI taskmillRoot = taskmill.baseUri().resolve("/");
            String report = fetch(taskmillRoot.resolve(paths.get(0)));
            try (ConstantJsonServer ceiling = ConstantJsonServer.start(report)) {
                if (!fetch(ceiling.baseUri().resolve(paths.get(0))).equals(report)) {
                    throw new IllegalStateException("The ceiling does not answer with the report's body");
                }
                // the ceiling is sent the same header, and ignores it
                Wrk wrk = Wrk.rotating(paths, EmbeddedTaskmill.basicAuthorization(), CONNECTIONS);
                Wrk.Alternating runs = wrk.alternate(ceiling.baseUri(), taskmillRoot, lengths);
                return List.of(new ScenarioResult(id(), title,
                        List.of(Comparison.of("requests per second", "Taskmill", Figure.of("req/s", runs.taskmill()),
                                "constant JSON resource", Figure.of("req/s", runs.ceiling()),
                                Comparison.Target.atLeast(0.85, ">= 0.85x the stack's ceiling"))),
                        Map.of("errors", Figure.of("requests", runs.errors()),
                                "body_size", Figure.of("bytes", report.length())),
                        List.of(TASKS + " finished tasks polled in turn as the user " + EmbeddedTaskmill.USER
                                + " (HTTP Basic; the ceiling has no authentication); wrk with 2 threads, " + CONNECTIONS
                                + " connections, " + lengths.measured().toSeconds() + " s per run after a "
                                + lengths.warmUp().toSeconds() + " s warm-up, runs alternating")));
            }
        }
    }

    /** The body of {@code GET uri}, asked as {@link EmbeddedTaskmill#USER}. */
    static String fetch(URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", EmbeddedTaskmill.basicAuthorization()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
