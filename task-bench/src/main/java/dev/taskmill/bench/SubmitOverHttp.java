package dev.taskmill.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3b: submitting calls over HTTP with {@code wrk}, as users run it (HTTP Basic), against
 * a trivial resource on the same Jersey and Grizzly stack that reads a JSON body and answers
 * {@code 202} with a body and {@code Location} of the same size as a submission's.
 */
final class SubmitOverHttp implements Scenario {

    private static final int CONNECTIONS = 64;
    /** A no-op with a tag, no resource claim: every call is accepted and runs. */
    private static final String CALL = "{\"operation\":\"" + NoOpOperation.NAME + "\",\"tags\":[\"bench:submit\"]}";

    @Override
    public String id() {
        return "submit-http";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        String title = "Submit over HTTP: POST /pulp/api/v2/tasks/ with HTTP Basic, " + CONNECTIONS
                + " keep-alive connections";
        Wrk.Lengths lengths = Wrk.Lengths.of(settings);
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.withBasicAuth()) {
            String path = taskmill.baseUri().getPath() + "v2/tasks/";
            URI taskmillRoot = taskmill.baseUri().resolve("/");
            HttpResponse<String> answer = post(taskmillRoot.resolve(path));
            String location = answer.headers().firstValue("Location").orElseThrow();
            try (ConstantJsonServer ceiling = ConstantJsonServer.start(answer.body(), location)) {
                HttpResponse<String> constant = post(ceiling.baseUri().resolve(path));
                if (!constant.body().equals(answer.body())) {
                    throw new IllegalStateException("The ceiling does not answer with a submission's body");
                }
                Wrk wrk = Wrk.posting(path, CALL, EmbeddedTaskmill.basicAuthorization(), CONNECTIONS);
                Wrk.Alternating runs = wrk.alternate(ceiling.baseUri(), taskmillRoot, lengths);
                return List.of(new ScenarioResult(id(), title,
                        List.of(Comparison.of("requests per second", "Taskmill", Figure.of("req/s", runs.taskmill()),
                                "constant JSON POST resource", Figure.of("req/s", runs.ceiling()),
                                Comparison.Target.atLeast(0.5, ">= 0.5x the stack's ceiling"))),
                        Map.of("errors", Figure.of("requests", runs.errors()),
                                "body_size", Figure.of("bytes", answer.body().length())),
                        List.of("POST " + CALL + " as the user " + EmbeddedTaskmill.USER + " (HTTP Basic; the"
                                + " ceiling reads the body and has no authentication); each call is admitted and"
                                + " runs on the server's " + BenchSettings.WORKERS + " workers meanwhile; wrk with"
                                + " 2 threads, " + CONNECTIONS + " connections, " + lengths.measured().toSeconds()
                                + " s per run after a " + lengths.warmUp().toSeconds() + " s warm-up, runs alternating")));
            }
        }
    }

    /** Posts the call to {@code uri} as {@link EmbeddedTaskmill#USER}; the answer must be 202. */
    private static HttpResponse<String> post(URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", EmbeddedTaskmill.basicAuthorization())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(CALL)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
