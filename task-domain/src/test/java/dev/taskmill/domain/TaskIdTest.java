package dev.taskmill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdTest {

    private static final String SEED_ID = "7744e2df-39b9-46f0-bb10-feffa2f7014b";

    @Test
    void givenLowerCaseUuid_parse_givesThatIdAndPrintsItBack() {
        TaskId id = TaskId.parse(SEED_ID);

        assertThat(id.value()).isEqualTo(UUID.fromString(SEED_ID));
        assertThat(id).hasToString(SEED_ID);
    }

    @Test
    void givenUpperCaseUuid_parse_givesTheSameIdPrintedInLowerCase() {
        TaskId id = TaskId.parse(SEED_ID.toUpperCase(Locale.ROOT));

        assertThat(id).isEqualTo(TaskId.parse(SEED_ID));
        assertThat(id).hasToString(SEED_ID);
    }

    @ParameterizedTest
    @EmptySource
    @ValueSource(strings = {
        "not-a-uuid",
        "7744e2df39b946f0bb10feffa2f7014b",           // no dashes
        "7744e2df-39b9-46f0-bb10-feffa2f7014",         // one digit short
        "7744e2df-39b9-46f0-bb10-feffa2f7014b0",       // one digit long
        "{7744e2df-39b9-46f0-bb10-feffa2f7014b}",
        "7744e2dg-39b9-46f0-bb10-feffa2f7014b",        // 'g' is not hexadecimal
        " 7744e2df-39b9-46f0-bb10-feffa2f7014",
        "1-1-1-1-1",
    })
    void givenTextThatIsNotAUuid_parse_isRefused(String text) {
        assertThatThrownBy(() -> TaskId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    /** UUID.fromString alone would read these as other ids, so one task could answer to several paths. */
    @ParameterizedTest
    @ValueSource(strings = {
        "000000001-000-0000-0000-000000000000",
        "0000000-00000-0000-0000-000000000000",
        "+0000000-0000-0000-0000-000000000000",
        "00000000-0000-0000-0000-+00000000000",
        "00000000-0000-0000-0000-00000000000\u0663", // a digit, but not an ASCII one
        "00000000-0000-0000-0000-00000000000\uff21", // a fullwidth 'A'
    })
    void givenNonCanonicalUuidOfThirtySixCharacters_parse_isRefused(String text) {
        assertThatThrownBy(() -> TaskId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenNull_parse_isRefused() {
        assertThatThrownBy(() -> TaskId.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void givenNullUuid_constructor_isRefused() {
        assertThatThrownBy(() -> new TaskId(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void givenAThousandRandomIds_each_isDistinctLowerCaseAndParsesBack() {
        Set<TaskId> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            TaskId id = TaskId.random();
            assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(TaskId.parse(id.toString())).isEqualTo(id);
            ids.add(id);
        }

        assertThat(ids).hasSize(1000);
    }
}
