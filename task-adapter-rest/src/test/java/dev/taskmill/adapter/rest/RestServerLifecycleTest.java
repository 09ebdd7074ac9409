package dev.taskmill.adapter.rest;

import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.application.port.in.ListTasksUseCase;
import dev.taskmill.domain.Task;
import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starting on a free port, serving under any API root, and stopping. */
class RestServerLifecycleTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenPortZero_start_listensOnAFreePortAndReportsItInTheBaseUri() {
        try (RestServer server = RestServer.start(new RestSettings("127.0.0.1", 0, "/pulp/api"),
                new FakeUseCases().useCases())) {
            assertThat(server.port()).isPositive();
            assertThat(server.baseUri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/pulp/api/"));
        }
    }

    @Test
    void givenOtherApiRoot_start_servesThereAndLinksTasksUnderIt() throws Exception {
        FakeUseCases fakes = new FakeUseCases();
        Task task = aWaitingTask().build();
        fakes.onSubmit = command -> task;
        fakes.onGet = id -> task;
        try (RestServer server = RestServer.start(new RestSettings("127.0.0.1", 0, "tasks-api/"), fakes.useCases())) {
            URI base = server.baseUri();

            HttpResponse<String> submitted = send(HttpRequest.newBuilder(base.resolve("v2/tasks/"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"sleep\"}")));
            HttpResponse<String> polled = send(HttpRequest.newBuilder(base.resolve("v2/tasks/" + task.id())));
            HttpResponse<String> oldRoot = send(HttpRequest.newBuilder(base.resolve("/pulp/api/v2/tasks/")));

            assertThat(base.getPath()).isEqualTo("/tasks-api/");
            assertThat(submitted.statusCode()).isEqualTo(202);
            assertThat(submitted.headers().firstValue("Location")).hasValue("/tasks-api/v2/tasks/" + task.id() + "/");
            JsonNode report = new ObjectMapper().readTree(polled.body());
            assertThat(report.get("_href").asText()).isEqualTo("/tasks-api/v2/tasks/" + task.id() + "/");
            assertThat(oldRoot.statusCode()).isEqualTo(404);
            assertThat(oldRoot.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
        }
    }

    @Test
    void givenEmptyApiRoot_start_servesAtTheServerRootWithJson404Elsewhere() throws Exception {
        FakeUseCases fakes = new FakeUseCases();
        Task task = aWaitingTask().build();
        fakes.onGet = id -> task;
        try (RestServer server = RestServer.start(new RestSettings("127.0.0.1", 0, "/"), fakes.useCases())) {
            HttpResponse<String> polled = send(HttpRequest.newBuilder(server.baseUri().resolve("v2/tasks/" + task.id())));
            HttpResponse<String> missing = send(HttpRequest.newBuilder(server.baseUri().resolve("/elsewhere")));

            assertThat(server.baseUri().getPath()).isEqualTo("/");
            assertThat(new ObjectMapper().readTree(polled.body()).get("_href").asText())
                    .isEqualTo("/v2/tasks/" + task.id() + "/");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(new ObjectMapper().readTree(missing.body()).get("href").asText()).isEqualTo("/elsewhere");
        }
    }

    @Test
    void givenWildcardBindAddress_baseUri_namesAHostClientsCanReach() throws Exception {
        try (RestServer server = RestServer.start(new RestSettings("0.0.0.0", 0, "/pulp/api"),
                new FakeUseCases().useCases())) {
            HttpResponse<String> listed = send(HttpRequest.newBuilder(server.baseUri().resolve("v2/tasks/")));

            assertThat(server.baseUri().getHost()).isEqualTo("localhost");
            assertThat(listed.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void givenStartedServer_closeTwice_stopsListeningOnce() {
        RestServer server = RestServer.start(new RestSettings("127.0.0.1", 0, "/pulp/api"),
                new FakeUseCases().useCases());
        URI tasks = server.baseUri().resolve("v2/tasks/");

        server.close();
        server.close();

        assertThatThrownBy(() -> send(HttpRequest.newBuilder(tasks))).isInstanceOf(ConnectException.class);
    }

    @Test
    void givenServerThatServedRequests_close_letsItsUseCasesBeCollected() throws Exception {
        WeakReference<ListTasksUseCase> useCases = serveOneRequestAndClose();

        Eventually.await(Duration.ofSeconds(5), "the use cases collected after close", () -> {
            System.gc();
            return useCases.get() == null;
        });
    }

    /** A reference to a use case the server held, which only the server held. */
    private static WeakReference<ListTasksUseCase> serveOneRequestAndClose() throws Exception {
        TaskUseCases useCases = new FakeUseCases().useCases();
        try (RestServer server = RestServer.start(new RestSettings("127.0.0.1", 0, "/pulp/api"), useCases)) {
            assertThat(send(HttpRequest.newBuilder(server.baseUri().resolve("v2/tasks/"))).statusCode())
                    .isEqualTo(200);
        }
        return new WeakReference<>(useCases.list());
    }

    @Test
    void givenPortInUse_start_failsWithUncheckedIoException() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            RestSettings settings = new RestSettings("127.0.0.1", taken.getLocalPort(), "/pulp/api");

            assertThatThrownBy(() -> RestServer.start(settings, new FakeUseCases().useCases()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }
}
