package dev.taskmill.application.engine;

import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static dev.taskmill.domain.TaskBuilder.aTaskIn;
import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskChange.Kind;
import dev.taskmill.domain.TaskState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of one task's changes: none is told after a later one; other tasks do not matter. */
class ChangeOrderTest {

    private final ChangeOrder order = new ChangeOrder();
    private final List<TaskChange> told = new ArrayList<>();

    private boolean tell(Kind kind, Task task) {
        boolean queued = order.queueInOrder(new TaskChange(kind, task));
        order.drainTo(told::add);
        return queued;
    }

    @Test
    void whatIsQueuedIsDrainedOnceEachTasksChangesInTheOrderTheyCame() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Task task = aWaitingTask().build();
            tasks.add(task);
            assertThat(order.queueInOrder(new TaskChange(Kind.SUBMITTED, task))).isTrue();
        }
        for (Task task : tasks) {
            assertThat(order.queueInOrder(new TaskChange(Kind.STARTED, task.withVersion(task.version() + 1)))).isTrue();
        }
        assertThat(order.drainTo(told::add)).isEqualTo(200);
        assertThat(order.drainTo(told::add)).as("drained already").isZero();
        for (Task task : tasks) {
            assertThat(told).filteredOn(change -> change.task().id().equals(task.id()))
                    .extracting(TaskChange::kind).containsExactly(Kind.SUBMITTED, Kind.STARTED);
        }
    }

    @Test
    void aChangeOfALaterVersionIsToldAndOneOfAnEarlierVersionIsNot() {
        Task waiting = aWaitingTask().build();
        Task running = aRunningTask().withId(waiting.id()).build().withVersion(waiting.version() + 1);
        assertThat(tell(Kind.STARTED, running)).isTrue();
        assertThat(tell(Kind.SUBMITTED, waiting)).as("a submission told after the start").isFalse();
        assertThat(told).extracting(TaskChange::kind).containsExactly(Kind.STARTED);
    }

    @Test
    void aSubmissionReadAfterTheTaskRanAndEndedIsNotToldAfterItsStart() {
        Task running = aRunningTask().build();
        assertThat(tell(Kind.STARTED, running)).isTrue();
        // another node's submission, read once the task had ended there: a later version than the start
        Task ended = aTaskIn(TaskState.FINISHED).withId(running.id()).build().withVersion(running.version() + 1);
        assertThat(tell(Kind.SUBMITTED, ended)).as("a submission after the start").isFalse();
        assertThat(tell(Kind.ENDED, ended)).isTrue();
        assertThat(told).extracting(TaskChange::kind).containsExactly(Kind.STARTED, Kind.ENDED);
    }

    @Test
    void ofOneVersionALaterKindIsToldAndTheSameOrAnEarlierIsNot() {
        Task task = aRunningTask().build();
        assertThat(tell(Kind.STARTED, task)).isTrue();
        assertThat(tell(Kind.STARTED, task)).as("the same change again").isFalse();
        assertThat(tell(Kind.SUBMITTED, task)).as("an earlier kind").isFalse();
        assertThat(tell(Kind.ENDED, task)).as("as a task read later may be further along").isTrue();
        assertThat(told).extracting(TaskChange::kind).containsExactly(Kind.STARTED, Kind.ENDED);
    }

    @Test
    void theChangesOfOtherTasksDoNotHoldATaskBack() {
        Task first = aRunningTask().build().withVersion(7);
        Task second = aWaitingTask().build();
        assertThat(tell(Kind.STARTED, first)).isTrue();
        assertThat(tell(Kind.SUBMITTED, second)).isTrue();
        assertThat(tell(Kind.ENDED, first.withVersion(8))).isTrue();
        assertThat(told).hasSize(3);
    }

    @Test
    void aTaskWhoseSlotOthersTookSinceIsForgottenAndItsChangesAreToldAgain() {
        Task task = aRunningTask().build().withVersion(5);
        assertThat(tell(Kind.ENDED, task)).isTrue();
        // more tasks than there are slots: one of them takes the first task's
        for (int i = 0; i < ChangeOrder.SLOTS * 8; i++) {
            tell(Kind.SUBMITTED, aWaitingTask().build());
        }
        assertThat(tell(Kind.STARTED, task.withVersion(4))).as("forgotten, so no longer held back").isTrue();
    }
}
