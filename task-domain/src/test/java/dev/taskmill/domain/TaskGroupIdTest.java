package dev.taskmill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskGroupIdTest {

    private static final String ID = "5c1e9a4e-2f0b-4d7e-9b5e-0d2c6b3f1a77";

    @Test
    void givenUuidInEitherCase_parse_givesOneIdPrintedInLowerCase() {
        TaskGroupId id = TaskGroupId.parse(ID.toUpperCase(Locale.ROOT));

        assertThat(id).isEqualTo(TaskGroupId.parse(ID));
        assertThat(id).hasToString(ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "group-1", "5c1e9a4e2f0b4d7e9b5e0d2c6b3f1a77", "000000001-000-0000-0000-000000000000"})
    void givenTextThatIsNotACanonicalUuid_parse_isRefusedAsNoGroupId(String text) {
        assertThatThrownBy(() -> TaskGroupId.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a task group id: " + text);
    }

    @Test
    void givenRandomId_itParsesBack() {
        TaskGroupId id = TaskGroupId.random();

        assertThat(TaskGroupId.parse(id.toString())).isEqualTo(id);
    }
}
