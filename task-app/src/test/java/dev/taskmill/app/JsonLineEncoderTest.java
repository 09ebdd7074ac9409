package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** One event, one line, one JSON object: quotes, new lines and an exception included. */
class JsonLineEncoderTest {

    private final LoggerContext context = new LoggerContext();
    private final JsonLineEncoder encoder = new JsonLineEncoder();

    @Test
    void anEventWithContextPairsAndAnException_isOneLineOfJson() throws Exception {
        Logger logger = context.getLogger("taskmill.access");
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "said \"{}\"\nthen more",
                new IllegalStateException("boom"), new Object[] {"hi"});
        event.setMDCPropertyMap(Map.of("task_id", "1234"));
        event.addKeyValuePair(new KeyValuePair("status", 202));
        event.addKeyValuePair(new KeyValuePair("duration_ms", new BigDecimal("1.250")));
        event.addKeyValuePair(new KeyValuePair("user", "alice"));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("logger").asText()).isEqualTo("taskmill.access");
        assertThat(json.path("message").asText()).isEqualTo("said \"hi\"\nthen more");
        assertThat(json.path("task_id").asText()).isEqualTo("1234");
        assertThat(json.path("status").isInt()).isTrue();
        assertThat(json.path("duration_ms").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(json.path("user").asText()).isEqualTo("alice");
        assertThat(json.path("exception").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("\tat ");
    }
}
