package dev.taskmill.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.application.port.in.AuthenticationFailedException;
import dev.taskmill.application.port.in.GetHealthUseCase.Readiness;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** The health checks at the server's root: open to anyone, 200 or 503 with each check named. */
class HealthChecksTest extends RestServerTestBase {

    /** The server root, whatever the API root the base URI ends in. */
    private static String root(String path) {
        return server.baseUri().resolve(path).toString();
    }

    private static HttpReply probe(String path) {
        return send(HttpRequest.newBuilder(java.net.URI.create(root(path))).GET());
    }

    @Test
    void liveAndReady_whenEveryCheckPasses_answer200WithoutALogin() {
        fakes.onAuthenticate = credentials -> {
            throw new AuthenticationFailedException("nobody may log in");
        };

        HttpReply live = probe("/health/live");
        HttpReply ready = probe("/health/ready");
        HttpReply readySlash = probe("/health/ready/");

        assertThat(live.status()).as(live.text()).isEqualTo(200);
        assertThat(live.header("Content-Type")).startsWith("application/json");
        assertThat(live.json().path("status").asText()).isEqualTo("up");
        assertThat(ready.status()).as(ready.text()).isEqualTo(200);
        JsonNode body = ready.json();
        assertThat(body.path("status").asText()).isEqualTo("up");
        assertThat(body.path("checks").path("store").asText()).isEqualTo("up");
        assertThat(body.path("checks").path("workers").asText()).isEqualTo("up");
        assertThat(body.path("checks").path("accepting").asText()).isEqualTo("up");
        assertThat(readySlash.status()).isEqualTo(200);
        assertThat(fakes.callers).as("no use case but health was asked").isEmpty();
    }

    @Test
    void ready_whenAChecksFails_answers503NamingIt_whileLiveStays200() {
        fakes.onReadiness = () -> new Readiness(false, true, true);

        HttpReply ready = probe("/health/ready");
        HttpReply live = probe("/health/live");

        assertThat(ready.status()).as(ready.text()).isEqualTo(503);
        assertThat(ready.json().path("status").asText()).isEqualTo("down");
        assertThat(ready.json().path("checks").path("store").asText()).isEqualTo("down");
        assertThat(ready.json().path("checks").path("workers").asText()).isEqualTo("up");
        assertThat(live.status()).isEqualTo(200);

        fakes.onReadiness = () -> new Readiness(true, true, false);
        HttpReply stopping = probe("/health/ready");
        assertThat(stopping.status()).isEqualTo(503);
        assertThat(stopping.json().path("checks").path("accepting").asText()).isEqualTo("down");
    }

    @Test
    void head_answersTheStatusWithoutABody() {
        fakes.onReadiness = () -> new Readiness(true, false, true);

        HttpReply head = send(HttpRequest.newBuilder(java.net.URI.create(root("/health/ready")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(head.status()).isEqualTo(503);
        assertThat(head.text()).isEmpty();
    }

    @Test
    void otherMethodsAndPaths_areRefusedWithTheErrorObject() {
        HttpReply post = send(HttpRequest.newBuilder(java.net.URI.create(root("/health/ready")))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertErrorObject(post, 405, "POST", "/health/ready");
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");

        assertErrorObject(probe("/health/other"), 404, "GET", "/health/other");
        assertErrorObject(get(ROOT + "/health/ready"), 404, "GET", ROOT + "/health/ready");
    }
}
