package dev.taskmill.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.domain.NotJsonCompatibleException;
import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command is the one place a call's values are checked on the way in. */
class SubmitCallCommandTest {

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void givenTimeoutThatIsNotPositive_constructor_refusesItNamingTheField(long nanos) {
        assertThatThrownBy(() -> command(Map.of(), Optional.of(Duration.ofNanos(nanos))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout_seconds must be positive");
    }

    @Test
    void givenTimeoutOfOneNanosecond_constructor_keepsIt() {
        assertThat(command(Map.of(), Optional.of(Duration.ofNanos(1))).timeout()).contains(Duration.ofNanos(1));
    }

    @Test
    void givenMutableArgs_constructor_keepsAnImmutableCopy() {
        Map<String, Object> args = new HashMap<>(Map.of("seconds", 5, "nested", new HashMap<>(Map.of("a", 1))));

        SubmitCallCommand command = command(args, Optional.empty());
        args.put("seconds", 6);

        assertThat(command.args()).isEqualTo(Map.of("seconds", 5, "nested", Map.of("a", 1)));
        assertThatThrownBy(() -> command.args().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenArgsWithoutJsonForm_constructor_refusesThemNamingThePath() {
        assertThatThrownBy(() -> command(Map.of("file", new File("x")), Optional.empty()))
                .isInstanceOf(NotJsonCompatibleException.class)
                .hasMessageStartingWith("args: $.file ");
    }

    private static SubmitCallCommand command(Map<String, Object> args, Optional<Duration> timeout) {
        return new SubmitCallCommand("sleep", args, List.of(), List.of(), timeout);
    }
}
