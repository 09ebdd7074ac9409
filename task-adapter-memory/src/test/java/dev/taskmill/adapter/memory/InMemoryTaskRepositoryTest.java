package dev.taskmill.adapter.memory;

import static dev.taskmill.application.port.out.RepositoryTestData.everything;
import static dev.taskmill.application.port.out.RepositoryTestData.unclaimed;
import static dev.taskmill.domain.TaskBuilder.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.port.out.TaskRepositoryContractTest;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTaskRepositoryTest extends TaskRepositoryContractTest {

    @Override
    protected TaskRepository newRepository() {
        return new InMemoryTaskRepository();
    }

    /** The memory store keeps the port's default admitAndStart, which only admits. */
    @Override
    protected boolean startsAtAdmission() {
        return false;
    }

    @Test
    void givenEmptyStore_admit_numbersPositionsFromOne() {
        InMemoryTaskRepository repository = new InMemoryTaskRepository();

        assertThat(repository.admit(unclaimed()).position()).isEqualTo(1);
        assertThat(repository.admit(unclaimed()).position()).isEqualTo(2);
    }

    @Test
    void givenMoreExpiredTasksThanOneBatch_removeFinishedBefore_removesThemAllInSeveralBatches() {
        InMemoryTaskRepository small = new InMemoryTaskRepository(3);
        List<Task> expired = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Task waiting = small.admit(unclaimed());
            expired.add(small.update(waiting.cancel(T0.plusSeconds(i))));
        }
        Task kept = small.admit(unclaimed());

        int removed = small.removeFinishedBefore(T0.plusSeconds(60));

        assertThat(removed).isEqualTo(10);
        assertThat(expired).allSatisfy(task -> assertThat(small.findById(task.id())).isEmpty());
        assertThat(small.find(everything(), 0, 20)).containsExactly(kept);
    }

    @Test
    void givenExactlyOneBatchExpired_removeFinishedBefore_stopsAfterEmptyBatch() {
        InMemoryTaskRepository small = new InMemoryTaskRepository(2);
        for (int i = 0; i < 2; i++) {
            Task waiting = small.admit(unclaimed());
            small.update(waiting.cancel(T0));
        }

        assertThat(small.removeFinishedBefore(T0.plusSeconds(1))).isEqualTo(2);
        assertThat(small.removeFinishedBefore(T0.plusSeconds(1))).isZero();
    }

    @Test
    void givenChangeOfAdmissionFields_update_refusesIt() {
        InMemoryTaskRepository repository = new InMemoryTaskRepository();
        Task stored = repository.admit(unclaimed());
        Task otherPosition = TaskBuilder.aWaitingTask().withId(stored.id()).atPosition(99).build().withVersion(1);

        assertThatThrownBy(() -> repository.update(otherPosition)).isInstanceOf(IllegalArgumentException.class);
        assertThat(repository.findById(stored.id())).contains(stored);
    }

    @Test
    void givenStoredId_admitSameIdAgain_refusesIt() {
        InMemoryTaskRepository repository = new InMemoryTaskRepository();
        var submission = unclaimed();
        repository.admit(submission);

        assertThatThrownBy(() -> repository.admit(submission)).isInstanceOf(IllegalArgumentException.class);
    }
}
