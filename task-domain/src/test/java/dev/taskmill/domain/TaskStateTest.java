package dev.taskmill.domain;

import static dev.taskmill.domain.TaskState.CANCELED;
import static dev.taskmill.domain.TaskState.ERROR;
import static dev.taskmill.domain.TaskState.FINISHED;
import static dev.taskmill.domain.TaskState.RUNNING;
import static dev.taskmill.domain.TaskState.SKIPPED;
import static dev.taskmill.domain.TaskState.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskStateTest {

    /**
     * The "States" table of tasks-api.md, read by row: the states each state may change to; and
     * running back to waiting, for a run a stopping server hands on to another node. There is no
     * {@code timed out}: Pulp 2.4+ clients refuse it.
     */
    private static final Map<TaskState, Set<TaskState>> CONTRACT = Map.of(
            WAITING, EnumSet.of(RUNNING, CANCELED, SKIPPED),
            RUNNING, EnumSet.of(WAITING, FINISHED, ERROR, CANCELED),
            FINISHED, EnumSet.noneOf(TaskState.class),
            ERROR, EnumSet.noneOf(TaskState.class),
            CANCELED, EnumSet.noneOf(TaskState.class),
            SKIPPED, EnumSet.noneOf(TaskState.class));

    static Stream<Arguments> everyPairOfStates() {
        List<Arguments> pairs = new ArrayList<>();
        for (TaskState from : TaskState.values()) {
            for (TaskState to : TaskState.values()) {
                pairs.add(Arguments.of(from, to, CONTRACT.get(from).contains(to)));
            }
        }
        return pairs.stream();
    }

    @Test
    void givenContractTable_pairs_coverAllThirtySixOfTheSixStates() {
        assertThat(TaskState.values()).hasSize(6);
        assertThat(CONTRACT).containsOnlyKeys(TaskState.values());
        assertThat(everyPairOfStates()).hasSize(36);
    }

    @ParameterizedTest(name = "{0} -> {1}: allowed = {2}")
    @MethodSource("everyPairOfStates")
    void givenAnyPairOfStates_canChangeTo_answersExactlyAsTheContractTable(
            TaskState from, TaskState to, boolean allowed) {
        assertThat(from.canChangeTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
        "WAITING,   false",
        "RUNNING,   false",
        "FINISHED,  true",
        "ERROR,     true",
        "CANCELED,  true",
        "SKIPPED,   true",
    })
    void givenState_isTerminal_answersAsTheContractTable(TaskState state, boolean terminal) {
        assertThat(state.isTerminal()).isEqualTo(terminal);
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void givenState_isTerminal_exactlyWhenNothingLeadsOutOfIt(TaskState state) {
        boolean hasWayOut = EnumSet.allOf(TaskState.class).stream().anyMatch(state::canChangeTo);

        assertThat(state.isTerminal()).isEqualTo(!hasWayOut);
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void givenState_canChangeTo_neverAllowsStayingInTheSameState(TaskState state) {
        assertThat(state.canChangeTo(state)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "WAITING,   waiting",
        "RUNNING,   running",
        "FINISHED,  finished",
        "ERROR,     error",
        "CANCELED,  canceled",
        "SKIPPED,   skipped",
    })
    void givenState_wireName_isTheContractName(TaskState state, String wireName) {
        assertThat(state.wireName()).isEqualTo(wireName);
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void givenWireNameOfAState_fromWireName_returnsThatState(TaskState state) {
        assertThat(TaskState.fromWireName(state.wireName())).isSameAs(state);
    }


    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"timed out", "TIMED_OUT", "timed_out", "timedout", "accepted", "suspended", "Running", "WAITING", " waiting", "waiting ",
        "cancelled", "done", "rejected"})
    void givenTextThatIsNoWireName_fromWireName_refusesNamingTheText(String text) {
        assertThatThrownBy(() -> TaskState.fromWireName(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
