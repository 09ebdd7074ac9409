package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.TaskChange.Kind;
import dev.taskmill.domain.TaskId;
import org.junit.jupiter.api.Test;

/** Which changes of this node the other nodes want: nothing unless one follows, or waits for that task's end. */
class ChangeInterestsTest {

    private static final long SECOND = 1_000_000_000L;
    private final ChangeInterests interests = new ChangeInterests();
    private final TaskId task = TaskId.random();

    @Test
    void withNobodyInterestedNothingIsWanted() {
        for (Kind kind : Kind.values()) {
            assertThat(interests.wanted(kind, task, 0)).isFalse();
        }
    }

    @Test
    void aFollowerWantsEveryChangeUntilItStopsOrItsWordRunsOut() {
        interests.follows("b", true, 0);
        assertThat(interests.wanted(Kind.SUBMITTED, task, SECOND)).isTrue();
        assertThat(interests.wanted(Kind.PROGRESS, task, 29 * SECOND)).isTrue();
        assertThat(interests.wanted(Kind.STARTED, task, 31 * SECOND)).as("not said again within 30 s").isFalse();
        interests.follows("b", true, 40 * SECOND);
        assertThat(interests.wanted(Kind.STARTED, task, 41 * SECOND)).isTrue();
        interests.follows("b", false, 42 * SECOND);
        assertThat(interests.wanted(Kind.STARTED, task, 43 * SECOND)).isFalse();
    }

    @Test
    void aWaitWantsTheEndOfItsTaskOnlyAndOnlyOnce() {
        assertThat(interests.watches(task, 0)).isFalse();
        assertThat(interests.wanted(Kind.STARTED, task, SECOND)).isFalse();
        assertThat(interests.wanted(Kind.ENDED, TaskId.random(), SECOND)).isFalse();
        assertThat(interests.wanted(Kind.ENDED, task, 2 * SECOND)).isTrue();
        assertThat(interests.wanted(Kind.ENDED, task, 3 * SECOND)).isFalse();
    }

    @Test
    void aWaitThatCameJustAfterItsTaskEndedIsToBeAnsweredAtOnce() {
        assertThat(interests.wanted(Kind.ENDED, task, 0)).isFalse();
        assertThat(interests.watches(task, 5 * SECOND)).as("ended 5 s before").isTrue();
        TaskId older = TaskId.random();
        interests.wanted(Kind.ENDED, older, 6 * SECOND);
        assertThat(interests.watches(older, 17 * SECOND)).as("ended 11 s before: its waiter read it").isFalse();
    }

    @Test
    void aWaitRunsOutAfterTheLongestWait() {
        interests.watches(task, 0);
        assertThat(interests.wanted(Kind.ENDED, task, 76 * SECOND)).isFalse();
    }
}
