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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scenarios 4 and 6a, on one store grown from the small size to the large one: listing by tag
 * and searching by id as the store grows, and the heap retained per terminal task.
 *
 * <p>The ten tasks listed wait behind a task holding their resource, as do one in a thousand
 * of the others; every other task has finished.
 */
final class StoreScale implements Scenario {

    private static final int MATCHES = 10;
    private static final int WAITING_ONE_IN = 1_000;
    static final int SEARCHED_IDS = 100;
    private static final int HELD_RESOURCES = 50; // one sleep holds them all, within a call's 64 claims

    @Override
    public String id() {
        return "store-scale";
    }

    @Override
    public List<ScenarioResult> run(BenchSettings settings) throws Exception {
        int small = 10_000;
        int large = settings.size(1_000_000, 100_000);
        int requests = settings.size(2_000, 500);
        try (EmbeddedTaskmill taskmill = EmbeddedTaskmill.start()) {
            List<String> held = new ArrayList<>(IntStream.range(0, HELD_RESOURCES).mapToObj(i -> "held-" + i).toList());
            held.add("needles");
            taskmill.hold(held);
            Tag needle = Tag.of("needle");
            for (int i = 0; i < MATCHES; i++) {
                taskmill.submitNoOp("needles", ResourceOperation.UPDATE, needle, Tag.of("n:" + i));
            }
            long emptyHeap = Heap.usedAfterGc();
            URI list = taskmill.baseUri().resolve("v2/tasks/?tag=needle");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            // only the request is kept of the tasks that ran, so that the heap figure counts the store alone
            HttpRequest search = searchByIds(taskmill.baseUri(), fill(taskmill, 0, small));
            Repeat.log("%,d other tasks stored", small);
            HttpRequest listing = HttpRequest.newBuilder(list).GET().build();
            Figure smallStore = Repeat.figure(settings, "us/request", () -> micros(client, listing, requests, 10));
            Figure smallSearch = Repeat.figure(settings, "us/request",
                    () -> micros(client, search, requests, SEARCHED_IDS));

            fill(taskmill, small, large);
            long fullHeap = Heap.usedAfterGc();
            Repeat.log("%,d other tasks stored", large);
            Figure largeStore = Repeat.figure(settings, "us/request", () -> micros(client, listing, requests, 10));
            Figure largeSearch = Repeat.figure(settings, "us/request",
                    () -> micros(client, search, requests, SEARCHED_IDS));

            double perTask = (double) (fullHeap - emptyHeap) / large;
            ScenarioResult listingResult = new ScenarioResult("list-by-tag",
                    "List by tag as the store grows: GET /v2/tasks/?tag=X matching " + MATCHES + " tasks",
                    List.of(Comparison.of("time per request", String.format("%,d stored", large), largeStore,
                            String.format("%,d stored", small), smallStore,
                            Comparison.Target.atMost(1.5, "<= 1.5x the small store's time"))),
                    Map.of(),
                    List.of(requests + " sequential requests per round over one keep-alive connection; "
                            + "one in " + WAITING_ONE_IN + " stored tasks waiting, the rest finished"));
            ScenarioResult memory = new ScenarioResult("memory-per-task",
                    "Heap retained per terminal task (two tags, one claim, a small result)",
                    List.of(Comparison.of("heap per task", "Taskmill", Figure.of("bytes", perTask), "1 KiB budget",
                            Figure.of("bytes", 1024), Comparison.Target.atMost(1.0, "<= 1 KiB per task"))),
                    Map.of("heap_before", Figure.of("MiB", emptyHeap / 1048576.0),
                            "heap_after", Figure.of("MiB", fullHeap / 1048576.0)),
                    List.of(String.format("%,d tasks retained; heap in use after full GC, before and after", large)));
            ScenarioResult searchResult = new ScenarioResult("search-by-ids",
                    "Search by id as the store grows: POST /v2/tasks/search/ with task_id $in " + SEARCHED_IDS + " ids",
                    List.of(Comparison.of("time per request", String.format("%,d stored", large), largeSearch,
                            String.format("%,d stored", small), smallSearch,
                            Comparison.Target.atMost(1.5, "<= 1.5x the small store's time"))),
                    Map.of(),
                    List.of(requests + " sequential requests per round over one keep-alive connection; the same "
                            + SEARCHED_IDS + " finished tasks, spread over the first " + String.format("%,d", small)
                            + ", found at both sizes"));
            return List.of(listingResult, searchResult, memory);
        }
    }

    /** Submits the others numbered {@code from} to {@code to}, waits until they have run, and returns those that ran. */
    private static List<Task> fill(EmbeddedTaskmill taskmill, int from, int to) throws InterruptedException {
        Tag other = Tag.of("bench:store");
        List<Task> ran = new ArrayList<>();
        Task last = null;
        for (int i = from; i < to; i++) {
            Tag batch = Tag.of("batch:" + i / 1000);
            if (i % WAITING_ONE_IN == 0) {
                taskmill.submitNoOp("held-" + (i / WAITING_ONE_IN) % HELD_RESOURCES, ResourceOperation.UPDATE,
                        other, batch);
            } else {
                last = taskmill.submitNoOp("r-" + i, ResourceOperation.UPDATE, other, batch);
                ran.add(last);
            }
        }
        taskmill.awaitSettled(last, 1, Duration.ofMinutes(5));
        return ran;
    }

    /** A search for {@link #SEARCHED_IDS} of {@code tasks}, spread evenly over them. */
    private static HttpRequest searchByIds(URI baseUri, List<Task> tasks) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SEARCHED_IDS; i++) {
            ids.add(tasks.get(i * (tasks.size() / SEARCHED_IDS)).id().toString());
        }
        return searchByIds(baseUri, ids);
    }

    /** A search for {@code ids} with {@code task_id $in}, as Pulp's clients wait for tasks. */
    static HttpRequest searchByIds(URI baseUri, Collection<String> ids) {
        String body = "{\"criteria\": {\"filters\": {\"task_id\": {\"$in\": [\"" + String.join("\", \"", ids)
                + "\"]}}}}";
        return HttpRequest.newBuilder(baseUri.resolve("v2/tasks/search/")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Mean microseconds per request over {@code requests} sequential requests, each answered with {@code reports}. */
    static double micros(HttpClient client, HttpRequest request, int requests, int reports) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int found = response.body().split("\"task_id\"", -1).length - 1;
            if (response.statusCode() != 200 || found != reports) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + " with " + found
                        + " reports, not " + reports);
            }
        }
        return (System.nanoTime() - start) / 1e3 / requests;
    }
}
