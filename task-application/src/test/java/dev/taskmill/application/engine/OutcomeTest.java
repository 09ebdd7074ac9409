package dev.taskmill.application.engine;

import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskState;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");

    @Test
    void givenReturnedJsonValue_whenApplied_thenFinishedWithIt() {
        Task finished = Outcome.returned(Map.of("n", 1)).applyTo(aRunningTask().build(), NOW);

        assertThat(finished.state()).isEqualTo(TaskState.FINISHED);
        assertThat(finished.result()).isEqualTo(Map.of("n", 1));
        assertThat(finished.finishTime()).isEqualTo(NOW);
    }

    @Test
    void givenReturnedValueWithoutJsonForm_whenApplied_thenErrorSaysWhere() {
        Task failed = Outcome.returned(Map.of("list", java.util.List.of(Double.NaN)))
                .applyTo(aRunningTask().withOperation("calc").build(), NOW);

        assertThat(failed.state()).isEqualTo(TaskState.ERROR);
        assertThat(failed.exception()).isEqualTo("NotJsonCompatibleException: operation 'calc' returned a result "
                + "that cannot be stored: $.list[0] is NaN, which JSON cannot represent");
    }

    @Test
    void givenReturnedValueLongerThanOneMebibyteOfJson_whenApplied_thenErrorSaysSo() {
        Task failed = Outcome.returned(Map.of("blob", "x".repeat(1 << 20)))
                .applyTo(aRunningTask().withOperation("export").build(), NOW);

        assertThat(failed.state()).isEqualTo(TaskState.ERROR);
        assertThat(failed.result()).isNull();
        assertThat(failed.exception()).isEqualTo("NotJsonCompatibleException: operation 'export' returned a result "
                + "that cannot be stored: $ is larger than 1048576 characters as JSON");
    }

    @Test
    void givenThrownException_whenApplied_thenErrorWithTypeMessageAndTraceback() {
        Task failed = Outcome.threw(new IOException("no space left")).applyTo(aRunningTask().build(), NOW);

        assertThat(failed.exception()).isEqualTo("IOException: no space left");
        assertThat(failed.traceback()).startsWith("java.io.IOException: no space left\n\tat ")
                .doesNotContain("\r").doesNotEndWith("\n");
    }

    @Test
    void givenExceptionWithoutMessage_whenDescribed_thenJustItsType() {
        assertThat(Outcome.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
