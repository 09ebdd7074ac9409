package dev.taskmill.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.taskmill.application.port.in.AuthenticationFailedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET <api-root>/openapi.json} and {@code .yaml}: served to anyone, through the API's error handling. */
class OpenApiDocumentTest extends RestServerTestBase {

    private final AtomicInteger logins = new AtomicInteger();

    @BeforeEach
    void refuseEveryLogin() {
        fakes.onAuthenticate = credentials -> {
            logins.incrementAndGet();
            throw new AuthenticationFailedException("Wrong user name or password");
        };
    }

    @Test
    void givenNoCredentialsOrWrongOnes_theDocument_isServedWithoutCheckingAny() throws Exception {
        HttpReply anonymous = get(ROOT + "/openapi.json");
        HttpReply wrong = send(request(ROOT + "/openapi.json").header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("x:y".getBytes(StandardCharsets.UTF_8))).GET());
        HttpReply yaml = get(ROOT + "/openapi.yaml");

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(logins).as("no password checked").hasValue(0);
        JsonNode document = anonymous.json();
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.at("/servers/0/url").asText()).as("the API root").isEqualTo(ROOT);
        assertThat(document.at("/paths/~1health~1live/servers/0/url").asText()).as("the server's root").isEqualTo("/");
        assertThat(document.at("/paths/~1v2~1tasks~1{id}~1/get/operationId").asText()).isEqualTo("getTask");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.header("Content-Type")).isEqualTo("application/yaml;charset=utf-8");
        assertThat(new YAMLMapper().readTree(yaml.text())).isEqualTo(document);
    }

    @Test
    void otherMethodsAndDocuments_areTheApisErrors() {
        assertErrorObject(get(ROOT + "/openapi.xml"), 401, "GET", ROOT + "/openapi.xml");
        assertErrorObject(send(request(ROOT + "/openapi.json").header("Accept", "text/html").GET()), 406, "GET",
                ROOT + "/openapi.json");
        assertErrorObject(delete(ROOT + "/openapi.json"), 401, "DELETE", ROOT + "/openapi.json");
        assertThat(get("/openapi.json").status()).as("only below the API root").isEqualTo(404);
    }
}
