package dev.taskmill.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.domain.SearchField;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskBuilder;
import dev.taskmill.domain.TaskCondition;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSearch;
import dev.taskmill.domain.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The searches Pulp's clients lean on read through an index: they read what they find, not every task. */
class ListingIndexesSearchTest {

    private static final int TASKS = 10_000;

    private final ListingIndexes indexes = new ListingIndexes();
    private final Map<TaskId, Task> tasks = new HashMap<>();
    private final List<Task> stored = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final Function<TaskId, Task> counting = id -> {
        reads.incrementAndGet();
        return tasks.get(id);
    };

    /** Ten thousand tasks: one in a thousand waiting, one in a thousand running, the rest finished; a thousand teams. */
    @BeforeEach
    void storeTenThousandTasks() {
        for (int i = 1; i <= TASKS; i++) {
            TaskState state = i % 1000 == 0 ? TaskState.WAITING : i % 1000 == 1 ? TaskState.RUNNING : TaskState.FINISHED;
            Task task = TaskBuilder.aTaskIn(state).withTags("team:" + i % 1000).atPosition(i).build();
            indexes.add(task);
            tasks.put(task.id(), task);
            stored.add(task);
        }
    }

    @Test
    void givenAHundredIds_searchReadsThoseTasksOnly() {
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(stored.get(i * 97).id().toString());
        }

        List<Task> found = search(new TaskCondition.All(List.of(new TaskCondition.OneOf(SearchField.TASK_ID, ids),
                new TaskCondition.Not(new TaskCondition.Equal(SearchField.STATE, "canceled")))));

        assertThat(found).hasSize(100);
        assertThat(reads).hasValueLessThanOrEqualTo(100);
    }

    @Test
    void givenWaitingAndRunning_searchReadsTheirStateIndexesOnly() {
        List<Task> found = search(new TaskCondition.OneOf(SearchField.STATE, List.of("waiting", "running")));

        assertThat(found).hasSize(20).isSortedAccordingTo((a, b) -> Long.compare(a.position(), b.position()));
        assertThat(reads).hasValueLessThanOrEqualTo(20);
    }

    @Test
    void givenATag_searchReadsItsTasksOnly() {
        List<Task> found = search(new TaskCondition.All(List.of(new TaskCondition.Equal(SearchField.TAGS, "team:7"),
                new TaskCondition.Equal(SearchField.STATE, "finished"))));

        assertThat(found).hasSize(10);
        assertThat(reads).hasValueLessThanOrEqualTo(10);
    }

    @Test
    void givenNoIndexedField_searchReadsEveryTask_andStillFindsExactlyTheMatches() {
        List<Task> found = search(new TaskCondition.Present(SearchField.START_TIME));

        assertThat(found).hasSize(TASKS - 10);
        assertThat(reads).hasValue(TASKS);
    }

    @Test
    void givenAScanOfEveryTask_searchHoldsTheLockOnlyWhileItReadsAChunk() {
        AtomicInteger readsInHold = new AtomicInteger();
        AtomicInteger mostInOneHold = new AtomicInteger();
        AtomicInteger holds = new AtomicInteger();
        ReentrantLock lock = new ReentrantLock() {
            @Override
            public void lock() {
                super.lock();
                holds.incrementAndGet();
                readsInHold.set(0);
            }

            @Override
            public void unlock() {
                mostInOneHold.accumulateAndGet(readsInHold.get(), Math::max);
                super.unlock();
            }
        };
        Function<TaskId, Task> countingInHold = id -> {
            readsInHold.incrementAndGet();
            return tasks.get(id);
        };

        List<Task> found = indexes.search(new TaskSearch(new TaskCondition.Matches(SearchField.TASK_TYPE,
                java.util.regex.Pattern.compile("^sleep$")), List.of(), 0, TASKS), countingInHold, lock);

        assertThat(found).hasSize(TASKS);
        assertThat(mostInOneHold).hasValueLessThanOrEqualTo(ListingIndexes.SEARCH_CHUNK);
        assertThat(holds).hasValueGreaterThan(TASKS / ListingIndexes.SEARCH_CHUNK);
    }

    private List<Task> search(TaskCondition condition) {
        return indexes.search(new TaskSearch(condition, List.of(), 0, TASKS), counting, new ReentrantLock());
    }
}
