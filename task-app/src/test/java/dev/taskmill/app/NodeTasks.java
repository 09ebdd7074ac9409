package dev.taskmill.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Tasks of the node tests: waiting for one, as a node's use cases report it, and submitting one over HTTP. */
final class NodeTasks {

    /** The resource the tests' sleeps update. */
    static final String RESOURCE = "r1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeTasks() {
    }

    /** The task once {@code condition} holds; fails after {@code within}. */
    static Task await(Taskmill node, TaskId id, Predicate<Task> condition, Duration within) {
        return Eventually.await(within, "task " + id + " as expected",
                () -> node.useCases().get().getTask(Caller.anonymous(), id), condition);
    }

    /** Submits a sleep of {@code seconds} that updates {@link #RESOURCE} to the node serving {@code api}; it must be accepted. */
    static TaskId submitSleepOverHttp(URI api, int seconds) throws IOException, InterruptedException {
        HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                api.resolve("v2/tasks/")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"sleep\", \"args\": {\"seconds\": "
                        + seconds + "}, \"resources\": [{\"resource_type\": \"repository\", \"resource_id\": \""
                        + RESOURCE + "\", \"operation\": \"update\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 202) {
            throw new AssertionError("the sleep was not accepted: " + submitted.statusCode() + " " + submitted.body());
        }
        return TaskId.parse(JSON.readTree(submitted.body()).get("task_id").asText());
    }
}
