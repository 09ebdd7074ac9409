package dev.taskmill.adapter.postgres;

import static dev.taskmill.application.port.out.RepositoryTestData.claiming;
import static dev.taskmill.application.port.out.RepositoryTestData.unclaimed;
import static dev.taskmill.domain.ResourceOperation.UPDATE;
import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.adapter.postgres.CompletionBatcher.Change;
import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one round trip in which PostgreSQL records several workers' completions and claims their
 * next tasks ({@link CompletionBatcher.Batch}), against a real server.
 */
class BatchedCompletionTest {

    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final Instant T3 = T0.plusSeconds(3);
    private static final String ONE = "taskmill-batched-1";
    private static final String TWO = "taskmill-batched-2";

    private static PostgresStore store;
    private PostgresTaskRepository repository;

    @BeforeAll
    static void connect() {
        store = TestDatabase.open(4);
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.removeTasks(store);
        repository = (PostgresTaskRepository) store.repository();
    }

    @Test
    void givenTwoFinishedTasks_updateAllAndClaimNext_storesBothAndStartsTheTwoOldestRunnable() {
        repository.admit(unclaimed());
        repository.admit(unclaimed());
        Task third = repository.admit(unclaimed());
        Task fourth = repository.admit(unclaimed());
        Task fifth = repository.admit(unclaimed());
        Task first = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task second = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        List<Task> changes = List.of(first.finish(null, T2).releaseClaims(), second.fail(ErrorCode.OPERATION_FAILED, "boom", "trace", T2)
                .releaseClaims());

        CompletionBatcher.Completions done = repository.updateAllAndClaimNext(
                List.of(new Change(changes.get(0), TWO), new Change(changes.get(1), ONE)), T3);

        assertThat(done.stale()).isEmpty();
        assertThat(done.claimed()).extracting(Task::id).containsExactly(third.id(), fourth.id());
        // the oldest for the first change's worker, the next for the second's
        assertThat(done.claimed()).extracting(Task::workerName).containsExactly(TWO, ONE);
        assertThat(done.claimed()).allSatisfy(task -> {
            assertThat(task.state()).isEqualTo(TaskState.RUNNING);
            assertThat(task.startTime()).isEqualTo(T3);
            assertThat(repository.findById(task.id())).contains(task);
        });
        for (Task changed : changes) {
            assertThat(repository.findById(changed.id())).contains(changed.withVersion(changed.version() + 1));
        }
        assertThat(repository.claimNextRunnable(T3, WORKER).map(Task::id)).contains(fifth.id());
    }

    @Test
    void givenOneStaleChange_updateAllAndClaimNext_storesTheOther_andClaimsOnlyForIt() {
        repository.admit(unclaimed());
        repository.admit(unclaimed());
        Task third = repository.admit(unclaimed());
        Task fourth = repository.admit(unclaimed());
        Task first = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task second = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task current = repository.update(second.reportProgress(Map.of("step", 1)));

        CompletionBatcher.Completions done = repository.updateAllAndClaimNext(List.of(
                new Change(first.finish(null, T2).releaseClaims(), ONE),
                new Change(second.finish(null, T2).releaseClaims(), TWO)), T3);

        assertThat(done.stale()).containsExactly(second.id());
        assertThat(done.claimed()).extracting(Task::id).containsExactly(third.id());
        assertThat(done.claimed()).extracting(Task::workerName).containsExactly(ONE);
        assertThat(repository.findById(second.id())).contains(current);
        assertThat(repository.findById(first.id()).map(Task::state)).contains(TaskState.FINISHED);
        assertThat(repository.findById(fourth.id()).map(Task::state)).contains(TaskState.WAITING);
    }

    @Test
    void givenTheFirstChangeStale_updateAllAndClaimNext_claimsForTheWorkerOfTheSecond() {
        repository.admit(unclaimed());
        repository.admit(unclaimed());
        Task third = repository.admit(unclaimed());
        Task fourth = repository.admit(unclaimed());
        Task first = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task second = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        repository.update(first.reportProgress(Map.of("step", 1)));

        CompletionBatcher.Completions done = repository.updateAllAndClaimNext(List.of(
                new Change(first.finish(null, T2).releaseClaims(), ONE),
                new Change(second.finish(null, T2).releaseClaims(), TWO)), T3);

        assertThat(done.stale()).containsExactly(first.id());
        assertThat(done.claimed()).extracting(Task::id).containsExactly(third.id());
        assertThat(done.claimed()).extracting(Task::workerName).containsExactly(TWO);
        assertThat(repository.findById(third.id()).map(Task::workerName)).contains(TWO);
        assertThat(repository.findById(fourth.id()).map(Task::workerName)).isEmpty();
    }

    @Test
    void givenFewerRunnableThanChanges_updateAllAndClaimNext_claimsWhatIsRunnable() {
        repository.admit(claiming("r1", UPDATE));
        repository.admit(claiming("r2", UPDATE));
        Task blocked = repository.admit(claiming("r3", UPDATE));
        Task behind = repository.admit(claiming("r3", UPDATE));
        Task first = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task second = repository.claimNextRunnable(T1, WORKER).orElseThrow();

        CompletionBatcher.Completions done = repository.updateAllAndClaimNext(List.of(
                new Change(first.finish(null, T2).releaseClaims(), ONE),
                new Change(second.finish(null, T2).releaseClaims(), TWO)), T3);

        // the task behind on r3 waits for the one claimed now, by the first change's worker
        assertThat(done.claimed()).extracting(Task::id).containsExactly(blocked.id());
        assertThat(done.claimed()).extracting(Task::workerName).containsExactly(ONE);
        assertThat(repository.findById(behind.id()).map(Task::state)).contains(TaskState.WAITING);
    }

    @Test
    void givenTwoChangesOfOneTask_updateAllAndClaimNext_isRejected_andStoresNothing() {
        repository.admit(unclaimed());
        Task waiting = repository.admit(unclaimed());
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();

        assertThatThrownBy(() -> repository.updateAllAndClaimNext(List.of(
                new Change(running.reportProgress(Map.of("step", 1)), ONE),
                new Change(running.finish(null, T2).releaseClaims(), ONE)), T3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(repository.findById(running.id())).contains(running);
        assertThat(repository.findById(waiting.id()).map(Task::state)).contains(TaskState.WAITING);
    }
}
