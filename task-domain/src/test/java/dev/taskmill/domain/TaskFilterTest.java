package dev.taskmill.domain;

import static dev.taskmill.domain.TaskBuilder.aTaskIn;
import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskFilterTest {

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void givenNoTags_incomplete_matchesExactlyWaitingAndRunningTasks(TaskState state) {
        Task task = aTaskIn(state).build();

        assertThat(TaskFilter.incomplete(Set.of()).matches(task)).isEqualTo(!state.isTerminal());
    }

    @Test
    void givenTags_filter_matchesOnlyTasksCarryingEveryOne() {
        Task both = aWaitingTask().withTags("a", "b").build();
        Task onlyA = aWaitingTask().withTags("a").build();
        TaskFilter filter = TaskFilter.incomplete(Set.of(Tag.of("a"), Tag.of("b")));

        assertThat(filter.matches(both)).isTrue();
        assertThat(filter.matches(onlyA)).isFalse();
    }

    @Test
    void givenAutomaticTag_filter_matchesTasksClaimingThatResource() {
        Task task = aWaitingTask().claiming("repository", "r1", ResourceOperation.READ).build();

        assertThat(TaskFilter.incomplete(Set.of(Tag.of("pulp:repository:r1"))).matches(task)).isTrue();
        assertThat(TaskFilter.incomplete(Set.of(Tag.of("pulp:repository:r2"))).matches(task)).isFalse();
    }

    @Test
    void givenNoStates_filter_matchesTasksInAnyState() {
        TaskFilter any = new TaskFilter(Set.of(), Set.of());

        for (TaskState state : TaskState.values()) {
            assertThat(any.matches(aTaskIn(state).build())).as(state.wireName()).isTrue();
        }
    }

    @Test
    void givenStates_filter_matchesOnlyThoseStates() {
        TaskFilter finishedOrError = new TaskFilter(Set.of(), Set.of(TaskState.FINISHED, TaskState.ERROR));

        assertThat(finishedOrError.matches(aTaskIn(TaskState.FINISHED).build())).isTrue();
        assertThat(finishedOrError.matches(aTaskIn(TaskState.ERROR).build())).isTrue();
        assertThat(finishedOrError.matches(aTaskIn(TaskState.WAITING).build())).isFalse();
    }

    @Test
    void givenSubmitter_filter_matchesOnlyThatUsersTasks() {
        TaskFilter alices = TaskFilter.incomplete(Set.of()).submittedBy("alice");

        assertThat(alices.matches(aWaitingTask().submittedBy("alice").build())).isTrue();
        assertThat(alices.matches(aWaitingTask().submittedBy("bob").build())).isFalse();
        assertThat(alices.matches(aWaitingTask().build())).as("submitted without authentication").isFalse();
        assertThat(alices.matches(aTaskIn(TaskState.FINISHED).submittedBy("alice").build())).isFalse();
    }
}
