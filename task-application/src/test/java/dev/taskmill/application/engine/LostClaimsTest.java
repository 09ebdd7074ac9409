package dev.taskmill.application.engine;

import static dev.taskmill.application.port.out.RepositoryTestData.unclaimed;
import static dev.taskmill.domain.TaskBuilder.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Claims whose answer was lost go back to waiting; held and slow ones never do. */
class LostClaimsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final SimpleTaskRepository repository = new SimpleTaskRepository();
    private final ClaimedTasks claimed = new ClaimedTasks();
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final List<TaskChange> told = new CopyOnWriteArrayList<>();
    private final LostClaims lostClaims = new LostClaims(repository, claimed, wakeUps::incrementAndGet, told::add);

    @Test
    void givenClaimStoredWhoseAnswerWasLost_twoSweeps_putItBackToWaitingTellItAndWakeTheWorkers() {
        Task task = repository.admit(unclaimed());
        assertThatThrownBy(() -> claimed.claim(() -> {
            repository.claimNextRunnable(NOW, WORKER);
            throw new IllegalStateException("connection reset");
        })).hasMessage("connection reset");

        assertThat(lostClaims.sweep()).as("one sweep alone takes nothing for lost").isZero();
        assertThat(lostClaims.sweep()).isEqualTo(1);

        assertThat(repository.findById(task.id()).map(Task::state)).contains(TaskState.WAITING);
        assertThat(told).as("followers hear it waits again, as stored")
                .containsExactly(new TaskChange(TaskChange.Kind.REQUEUED, repository.findById(task.id()).orElseThrow()));
        assertThat(wakeUps).hasValue(1);
        assertThat(repository.claimNextRunnable(NOW, WORKER).map(Task::id)).contains(task.id());
    }

    @Test
    void givenLostClaimOfATaskCancelledSince_twoSweeps_releaseItsClaims() {
        Task task = repository.admit(unclaimed());
        assertThatThrownBy(() -> claimed.claim(() -> {
            repository.claimNextRunnable(NOW, WORKER);
            throw new IllegalStateException("connection reset");
        })).hasMessage("connection reset");
        repository.update(repository.findById(task.id()).orElseThrow().cancel(NOW));

        lostClaims.sweep();
        assertThat(lostClaims.sweep()).isEqualTo(1);

        Task released = repository.findById(task.id()).orElseThrow();
        assertThat(released.state()).isEqualTo(TaskState.CANCELED);
        assertThat(released.holdsClaims()).isFalse();
        assertThat(told).as("its cancel was told when it was stored; releasing claims changes nothing seen").isEmpty();
    }

    @Test
    void givenTaskAWorkerHolds_sweeps_leaveItRunningUntilItsEndIsStored() {
        Task task = repository.admit(unclaimed());
        Task running = claimed.claim(() -> repository.claimNextRunnable(NOW, WORKER)).orElseThrow();

        assertThat(lostClaims.sweep()).isZero();
        assertThat(lostClaims.sweep()).isZero();
        assertThat(repository.findById(task.id())).contains(running);

        repository.update(running.finish(null, NOW).releaseClaims());
        claimed.release(task.id());
        assertThat(lostClaims.sweep()).isZero();
    }

    @Test
    void givenClaimWhoseAnswerIsSlow_sweepsMeanwhile_neverTakeItForLost() throws Exception {
        Task task = repository.admit(unclaimed());
        CountDownLatch stored = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<Optional<Task>> slow = CompletableFuture.supplyAsync(() -> claimed.claim(() -> {
            Optional<Task> claim = repository.claimNextRunnable(NOW, WORKER);
            stored.countDown();
            await(answer);
            return claim;
        }));
        assertThat(stored.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(lostClaims.sweep()).isZero();
        assertThat(lostClaims.sweep()).isZero();
        answer.countDown();
        Task running = slow.get(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(lostClaims.sweep()).isZero();
        assertThat(lostClaims.sweep()).isZero();

        assertThat(repository.findById(task.id())).contains(running);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
