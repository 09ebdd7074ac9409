package dev.taskmill.adapter.rest;

import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.Task;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Java's HttpClient offers {@code Upgrade: h2c} by default; such requests are served as HTTP/1.1. */
class UpgradeOfferTest extends RestServerTestBase {

    private static final HttpClient DEFAULT_CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void givenDefaultJavaClientOfferingH2c_post_isServedWithItsBody() throws Exception {
        Task admitted = aWaitingTask().build();
        fakes.onSubmit = command -> admitted;

        HttpResponse<String> response = DEFAULT_CLIENT.send(request(TASKS)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"sleep\", \"args\": {\"seconds\": 1}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(fakes.submitted).hasSize(1);
        assertThat(fakes.submitted.get(0).args()).containsEntry("seconds", 1);
    }

    @Test
    void givenExplicitUpgradeHeaders_getAndPostOnOneConnection_areBothAnswered() throws IOException {
        fakes.onSubmit = command -> aWaitingTask().build();
        String body = "{\"operation\": \"sleep\"}";
        String requests = "POST " + TASKS + " HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAAAAYABgAA\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + "GET " + TASKS + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

        String replies = rawExchange(requests);

        assertThat(replies).startsWith("HTTP/1.1 202").contains("HTTP/1.1 200").doesNotContain("101");
    }
}
