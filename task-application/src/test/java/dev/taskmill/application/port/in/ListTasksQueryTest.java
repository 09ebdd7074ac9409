package dev.taskmill.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.domain.TaskFilter;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListTasksQueryTest {

    private static final TaskFilter ANY = TaskFilter.incomplete(Set.of());

    @ParameterizedTest
    @ValueSource(ints = {0, -1, ListTasksQuery.MAX_LIMIT + 1})
    void givenLimitOutOfBounds_constructor_statesTheRule(int limit) {
        assertThatThrownBy(() -> new ListTasksQuery(ANY, 0, limit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'limit' must be an integer from 1 to 1000, not '" + limit + "'");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, ListTasksQuery.MAX_LIMIT})
    void givenLimitAtItsBounds_constructor_keepsIt(int limit) {
        assertThat(new ListTasksQuery(ANY, 0, limit).limit()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void givenNegativeAfter_constructor_statesTheRule(long after) {
        assertThatThrownBy(() -> new ListTasksQuery(ANY, after, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'after' must be a non-negative integer, not '" + after + "'");
    }
}
