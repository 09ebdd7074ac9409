package dev.taskmill.application.port.out;

import static dev.taskmill.application.port.out.RepositoryTestData.claim;
import static dev.taskmill.application.port.out.RepositoryTestData.claiming;
import static dev.taskmill.application.port.out.RepositoryTestData.everything;
import static dev.taskmill.application.port.out.RepositoryTestData.finishAndRelease;
import static dev.taskmill.application.port.out.RepositoryTestData.inStates;
import static dev.taskmill.application.port.out.RepositoryTestData.positionsOf;
import static dev.taskmill.application.port.out.RepositoryTestData.tagged;
import static dev.taskmill.application.port.out.RepositoryTestData.unclaimed;
import static dev.taskmill.application.port.out.RepositoryTestData.withTags;
import static dev.taskmill.domain.ResourceOperation.CREATE;
import static dev.taskmill.domain.ResourceOperation.DELETE;
import static dev.taskmill.domain.ResourceOperation.READ;
import static dev.taskmill.domain.ResourceOperation.UPDATE;
import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.WORKER;
import static dev.taskmill.domain.TaskBuilder.aSubmission;
import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static dev.taskmill.domain.TaskBuilder.idsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskBuilder;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSearch;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link TaskRepository} must do, the memory store and a shared database alike. A
 * storage adapter extends this class and returns a fresh, empty store from {@link #newRepository()}.
 */
public abstract class TaskRepositoryContractTest {

    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final Instant T3 = T0.plusSeconds(3);

    protected TaskRepository repository;

    /** A new, empty repository; called before each test. */
    protected abstract TaskRepository newRepository();

    @BeforeEach
    void createRepository() {
        repository = newRepository();
    }

    // admission

    @Test
    void givenEmptyRepository_admit_storesAcceptedWaitingTasksAtVersionOneWithIncreasingPositions() {
        TaskSubmission first = tagged("team:ops");
        Task admitted = repository.admit(first);
        Task second = repository.admit(unclaimed());

        assertThat(admitted.id()).isEqualTo(first.id());
        assertThat(admitted.state()).isEqualTo(TaskState.WAITING);
        assertThat(admitted.response()).isEqualTo(CallResponse.ACCEPTED);
        assertThat(admitted.reasons()).isEmpty();
        assertThat(admitted.version()).isEqualTo(1);
        assertThat(admitted.tags()).isEqualTo(first.tags());
        assertThat(admitted.position()).isPositive();
        assertThat(second.position()).isGreaterThan(admitted.position());
        assertThat(second.version()).isEqualTo(1);
    }

    @Test
    void givenAdmittedTask_findById_returnsIt() {
        Task admitted = repository.admit(claiming("r1", UPDATE));

        assertThat(repository.findById(admitted.id())).contains(admitted);
    }

    @Test
    void givenUnknownId_findById_isEmpty() {
        repository.admit(unclaimed());

        assertThat(repository.findById(TaskId.random())).isEmpty();
    }

    @Test
    void givenPendingCreate_admitUpdate_isPostponedBehindItWithItsClaimAsReason() {
        Task create = repository.admit(claiming("r1", CREATE));

        Task update = repository.admit(claiming("r1", UPDATE));

        assertThat(update.response()).isEqualTo(CallResponse.POSTPONED);
        assertThat(update.reasons()).containsExactly(claim("r1", CREATE));
        assertThat(update.state()).isEqualTo(TaskState.WAITING);
        assertThat(repository.claimNextRunnable(T1, WORKER).map(Task::id)).contains(create.id());
        assertThat(repository.claimNextRunnable(T1, WORKER)).as("the update waits for the create").isEmpty();
        assertThat(repository.findById(update.id())).contains(update);
    }

    @Test
    void givenClaimOnOtherResource_admit_isAccepted() {
        repository.admit(claiming("r1", UPDATE));

        Task other = repository.admit(claiming("r2", UPDATE));

        assertThat(other.response()).isEqualTo(CallResponse.ACCEPTED);
    }

    @Test
    void givenPendingCreate_admitCreate_isRejectedAndStoresNothing() {
        Task create = repository.admit(claiming("r1", CREATE));
        TaskSubmission again = claiming("r1", CREATE);

        assertThatThrownBy(() -> repository.admit(again))
                .isInstanceOfSatisfying(CallRejectedException.class,
                        e -> assertThat(e.reasons()).containsExactly(claim("r1", CREATE)));
        assertThat(repository.findById(again.id())).isEmpty();
        assertThat(idsOf(repository.find(everything(), 0, 10))).containsExactly(create.id());
    }

    @ParameterizedTest
    @EnumSource(value = ResourceOperation.class, names = {"READ", "UPDATE", "DELETE"})
    void givenPendingDelete_admitAnythingButCreate_isRejectedAndStoresNothing(ResourceOperation operation) {
        repository.admit(claiming("r1", DELETE));
        TaskSubmission later = claiming("r1", operation);

        assertThatThrownBy(() -> repository.admit(later))
                .isInstanceOfSatisfying(CallRejectedException.class,
                        e -> assertThat(e.reasons()).containsExactly(claim("r1", DELETE)));
        assertThat(repository.findById(later.id())).isEmpty();
        assertThat(repository.find(everything(), 0, 10)).hasSize(1);
    }

    @Test
    void givenPendingDelete_admitCreate_isPostponed() {
        Task delete = repository.admit(claiming("r1", DELETE));

        Task create = repository.admit(claiming("r1", CREATE));

        assertThat(create.response()).isEqualTo(CallResponse.POSTPONED);
        assertThat(repository.claimNextRunnable(T1, WORKER).map(Task::id)).contains(delete.id());
        assertThat(repository.claimNextRunnable(T1, WORKER)).as("the create waits for the delete").isEmpty();
    }

    @Test
    void givenPendingUpdate_admitRead_isAcceptedAndRunsBesideIt() {
        repository.admit(claiming("r1", UPDATE));

        Task read = repository.admit(claiming("r1", READ));

        assertThat(read.response()).isEqualTo(CallResponse.ACCEPTED);
        assertThat(repository.claimNextRunnable(T1, WORKER)).isPresent();
        assertThat(repository.claimNextRunnable(T1, WORKER).map(Task::id)).contains(read.id());
    }

    @Test
    void givenRejectedCall_admitAfterwards_stillGetsIncreasingPosition() {
        Task first = repository.admit(claiming("r1", CREATE));
        assertThatThrownBy(() -> repository.admit(claiming("r1", CREATE))).isInstanceOf(CallRejectedException.class);

        Task next = repository.admit(unclaimed());

        assertThat(next.position()).isGreaterThan(first.position());
    }

    @Test
    void givenReleasedClaims_admit_isNoLongerCheckedAgainstThem() {
        repository.admit(claiming("r1", CREATE));
        finishAndRelease(repository, repository.claimNextRunnable(T1, WORKER).orElseThrow(), T2);

        Task again = repository.admit(claiming("r1", CREATE));

        assertThat(again.response()).isEqualTo(CallResponse.ACCEPTED);
    }

    @Test
    void givenFinishedTaskStillHoldingClaims_admit_isCheckedAgainstThem() {
        Task create = repository.admit(claiming("r1", CREATE));
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        repository.update(running.finish(null, T2));

        Task update = repository.admit(claiming("r1", UPDATE));

        assertThat(update.response()).isEqualTo(CallResponse.POSTPONED);
        assertThat(update.reasons()).containsExactly(create.claims().get(0));
        assertThat(repository.claimNextRunnable(T3, WORKER)).as("the update waits until the create releases").isEmpty();
    }

    // groups

    /**
     * Whether the store starts an accepted call at its admission when nothing waits
     * ({@link TaskRepository#admitAndStart}); a store that keeps the port's default, which only
     * admits, answers false, and the tests then check that it admits as {@link TaskRepository#admit}.
     */
    protected boolean startsAtAdmission() {
        return true;
    }

    @Test
    void givenNothingWaiting_admitAndStart_storesTheAcceptedCallStartedByTheWorker_asClaimingItRightAfterWould() {
        Task started = repository.admitAndStart(claiming("r1", UPDATE), T1, WORKER);

        if (!startsAtAdmission()) {
            assertThat(started.state()).isEqualTo(TaskState.WAITING);
            assertThat(repository.claimNextRunnable(T1, WORKER).map(Task::id)).contains(started.id());
            return;
        }
        assertThat(started.state()).isEqualTo(TaskState.RUNNING);
        assertThat(started.startTime()).isEqualTo(T1);
        assertThat(started.workerName()).isEqualTo(WORKER);
        assertThat(started.version()).isEqualTo(Task.STARTED_AT_ADMISSION_VERSION);
        Task admitted = started.asAdmitted();
        assertThat(admitted.response()).isEqualTo(CallResponse.ACCEPTED);
        assertThat(admitted.position()).isPositive();
        assertThat(repository.findById(started.id())).contains(started);
        assertThat(repository.claimNextRunnable(T1, WORKER)).as("not handed out again").isEmpty();
        assertThat(repository.findClaimedHere()).containsExactly(started);
        assertThat(repository.count(TaskState.RUNNING)).isEqualTo(1);
        Task after = repository.admit(claiming("r1", UPDATE));
        assertThat(after.response()).as("its claim is held").isEqualTo(CallResponse.POSTPONED);
        assertThat(after.position()).isGreaterThan(started.position());

        finishAndRelease(repository, started, T2);
        assertThat(repository.claimNextRunnable(T2, WORKER).map(Task::id)).contains(after.id());
    }

    @Test
    void givenRunningUpdate_admitAndStart_ofARead_startsItBesideTheUpdate() {
        repository.admit(claiming("r1", UPDATE));
        Task update = repository.claimNextRunnable(T1, WORKER).orElseThrow();

        Task read = repository.admitAndStart(claiming("r1", READ), T2, "another-worker");

        assertThat(read.response()).isEqualTo(CallResponse.ACCEPTED);
        if (startsAtAdmission()) {
            assertThat(read.state()).isEqualTo(TaskState.RUNNING);
            assertThat(read.workerName()).isEqualTo("another-worker");
            assertThat(repository.findById(read.id())).contains(read);
            assertThat(repository.findClaimedHere()).containsExactlyInAnyOrder(update, read);
        }
    }

    @Test
    void givenAnotherTaskWaiting_admitAndStart_leavesTheCallWaitingBehindIt() {
        Task earlier = repository.admit(unclaimed());

        Task admitted = repository.admitAndStart(claiming("r1", UPDATE), T1, WORKER);

        assertThat(admitted.state()).isEqualTo(TaskState.WAITING);
        assertThat(admitted.version()).isEqualTo(Task.FIRST_VERSION);
        assertThat(repository.findById(admitted.id())).contains(admitted);
        assertThat(repository.claimNextRunnable(T1, WORKER).map(Task::id)).contains(earlier.id());
        assertThat(repository.claimNextRunnable(T1, WORKER).map(Task::id)).contains(admitted.id());
    }

    @Test
    void givenRunningHolderOfTheResource_admitAndStart_postponesTheCallAndRejectsWhatAdmitRejects() {
        Task create = repository.admit(claiming("r1", CREATE));
        repository.claimNextRunnable(T1, WORKER).orElseThrow();

        Task update = repository.admitAndStart(claiming("r1", UPDATE), T1, "another-worker");

        assertThat(update.response()).isEqualTo(CallResponse.POSTPONED);
        assertThat(update.state()).isEqualTo(TaskState.WAITING);
        TaskSubmission again = claiming("r1", CREATE);
        assertThatThrownBy(() -> repository.admitAndStart(again, T1, "another-worker"))
                .isInstanceOf(CallRejectedException.class);
        assertThat(repository.findById(again.id())).isEmpty();
        assertThat(repository.count(TaskState.RUNNING)).as("only the create").isEqualTo(1);
        assertThat(repository.findById(create.id()).map(Task::state)).contains(TaskState.RUNNING);
    }

    @Test
    void givenThreeCalls_admitAll_storesThemInOrderInTheGroup_eachDecidedBesideTheCallsBeforeIt() {
        Task earlier = repository.admit(claiming("r1", READ));
        Task alone = repository.admit(unclaimed());
        TaskGroupId group = TaskGroupId.random();
        List<TaskSubmission> calls = inGroup(group, claiming("r2", CREATE), claiming("r1", READ),
                claiming("r2", UPDATE));

        List<Task> stored = repository.admitAll(calls);

        assertThat(stored).extracting(Task::id)
                .containsExactly(calls.get(0).id(), calls.get(1).id(), calls.get(2).id());
        assertThat(stored).allSatisfy(task -> {
            assertThat(task.jobId()).isEqualTo(group.toString());
            assertThat(task.version()).isEqualTo(1);
            assertThat(task.state()).isEqualTo(TaskState.WAITING);
            assertThat(task.position()).isGreaterThan(alone.position());
            assertThat(repository.findById(task.id())).contains(task);
        });
        assertThat(positionsOf(stored)).isSorted().doesNotHaveDuplicates();
        assertThat(stored).extracting(Task::response)
                .containsExactly(CallResponse.ACCEPTED, CallResponse.ACCEPTED, CallResponse.POSTPONED);
        assertThat(stored.get(2).reasons()).as("behind the group's own create").containsExactly(claim("r2", CREATE));
        assertThat(groupTasks(group)).containsExactlyElementsOf(stored);
        assertThat(idsOf(List.of(repository.claimNextRunnable(T1, WORKER).orElseThrow(),
                repository.claimNextRunnable(T1, WORKER).orElseThrow(), repository.claimNextRunnable(T1, WORKER).orElseThrow(),
                repository.claimNextRunnable(T1, WORKER).orElseThrow())))
                .containsExactly(earlier.id(), alone.id(), stored.get(0).id(), stored.get(1).id());
        assertThat(repository.claimNextRunnable(T1, WORKER)).as("the update waits for the group's create").isEmpty();
    }

    @Test
    void givenThirdCallRejected_admitAll_storesNoCallAndLeavesTheClaimsAsTheyWere() {
        Task create = repository.admit(claiming("r9", CREATE));
        List<TaskSubmission> calls = inGroup(TaskGroupId.random(), claiming("r1", UPDATE), claiming("r2", DELETE),
                claiming("r9", CREATE));

        assertThatThrownBy(() -> repository.admitAll(calls))
                .isInstanceOfSatisfying(CallRejectedException.class, e -> {
                    assertThat(e.callIndex()).hasValue(2);
                    assertThat(e.reasons()).containsExactly(claim("r9", CREATE));
                });

        assertThat(groupTasks(calls.get(0).group())).isEmpty();
        calls.forEach(call -> assertThat(repository.findById(call.id())).isEmpty());
        assertThat(idsOf(repository.find(everything(), 0, 10))).containsExactly(create.id());
        Task update = repository.admit(claiming("r1", UPDATE));
        Task read = repository.admit(claiming("r2", READ));
        assertThat(update.response()).as("r1 is not held").isEqualTo(CallResponse.ACCEPTED);
        assertThat(read.response()).as("r2 is not held").isEqualTo(CallResponse.ACCEPTED);
        assertThat(update.position()).isGreaterThan(create.position());
        assertThat(idsOf(List.of(repository.claimNextRunnable(T1, WORKER).orElseThrow(),
                repository.claimNextRunnable(T1, WORKER).orElseThrow(), repository.claimNextRunnable(T1, WORKER).orElseThrow())))
                .containsExactly(create.id(), update.id(), read.id());
    }

    @Test
    void givenCallRejectedByAnEarlierCallOfItsGroup_admitAll_storesNothing() {
        List<TaskSubmission> calls = inGroup(TaskGroupId.random(), claiming("r1", DELETE), claiming("r1", READ));

        assertThatThrownBy(() -> repository.admitAll(calls))
                .isInstanceOfSatisfying(CallRejectedException.class, e -> {
                    assertThat(e.callIndex()).hasValue(1);
                    assertThat(e.reasons()).containsExactly(claim("r1", DELETE));
                });
        assertThat(repository.find(everything(), 0, 10)).isEmpty();
        assertThat(repository.admit(claiming("r1", CREATE)).response()).isEqualTo(CallResponse.ACCEPTED);
    }

    @Test
    void givenGroupsAndLoneTasks_searchOfAGroup_returnsOnlyThatGroupsTasksOldestFirst_evenAfterRetention() {
        TaskGroupId group = TaskGroupId.random();
        TaskGroupId other = TaskGroupId.random();
        List<Task> mine = repository.admitAll(inGroup(group, unclaimed(), unclaimed()));
        repository.admit(unclaimed());
        repository.admitAll(inGroup(other, unclaimed()));
        Task last = repository.admitAll(inGroup(group, unclaimed())).get(0);

        assertThat(idsOf(groupTasks(group))).containsExactly(mine.get(0).id(), mine.get(1).id(), last.id());
        assertThat(groupTasks(TaskGroupId.random())).isEmpty();

        repository.update(mine.get(0).cancel(T1));
        repository.removeFinishedBefore(T2);
        assertThat(idsOf(groupTasks(group))).containsExactly(mine.get(1).id(), last.id());
    }

    /** A group's tasks as the services read them: a search of the group's id. */
    private List<Task> groupTasks(TaskGroupId group) {
        return repository.search(new TaskSearch(group.tasks(), List.of(), 0, 1_000));
    }

    private static List<TaskSubmission> inGroup(TaskGroupId group, TaskSubmission... calls) {
        return Arrays.stream(calls).map(call -> call.inGroup(group)).toList();
    }

    // claiming

    @Test
    void givenWaitingTasks_claimNextRunnable_takesOldestFirstAndStartsIt() {
        Task first = repository.admit(unclaimed());
        Task second = repository.admit(unclaimed());

        Task claimed = repository.claimNextRunnable(T1, WORKER).orElseThrow();

        assertThat(claimed.id()).isEqualTo(first.id());
        assertThat(claimed.state()).isEqualTo(TaskState.RUNNING);
        assertThat(claimed.startTime()).isEqualTo(T1);
        assertThat(claimed.workerName()).isEqualTo(WORKER);
        assertThat(claimed.version()).isEqualTo(first.version() + 1);
        assertThat(repository.findById(first.id())).contains(claimed);
        assertThat(repository.claimNextRunnable(T2, WORKER).map(Task::id)).contains(second.id());
        assertThat(repository.claimNextRunnable(T3, WORKER)).isEmpty();
    }

    @Test
    void givenTwoWorkers_claimNextRunnable_recordsWhichOneTookEachTask_untilTheTaskRunsAgain() {
        Task first = repository.admit(unclaimed());
        Task second = repository.admit(unclaimed());

        Task byOne = repository.claimNextRunnable(T1, "taskmill-node-1").orElseThrow();
        Task byTwo = repository.claimNextRunnable(T1, "taskmill-node-2").orElseThrow();
        Task ended = finishAndRelease(repository, byOne, T2);

        assertThat(byOne.id()).isEqualTo(first.id());
        assertThat(byTwo.id()).isEqualTo(second.id());
        assertThat(ended.workerName()).as("the worker that ran it").isEqualTo("taskmill-node-1");
        assertThat(repository.findById(first.id()).map(Task::workerName)).contains("taskmill-node-1");
        assertThat(repository.findById(second.id()).map(Task::workerName)).contains("taskmill-node-2");

        Task waiting = repository.update(byTwo.returnToWaiting());
        assertThat(waiting.workerName()).isNull();
        assertThat(repository.findById(second.id()).map(Task::workerName)).isEmpty();
        Task again = repository.claimNextRunnable(T3, "taskmill-other-4").orElseThrow();
        assertThat(again.id()).isEqualTo(second.id());
        assertThat(again.workerName()).isEqualTo("taskmill-other-4");
        assertThat(repository.findById(second.id())).contains(again);
    }

    @Test
    void givenRunningTaskReturnedToWaiting_claimNextRunnable_takesItAgainBeforeLaterTasksAndItsSuccessorStillWaits() {
        repository.admit(claiming("r1", UPDATE));
        Task later = repository.admit(unclaimed());
        Task successor = repository.admit(claiming("r1", UPDATE));
        Task firstRun = repository.claimNextRunnable(T1, WORKER).orElseThrow();

        Task waiting = repository.update(firstRun.returnToWaiting());

        assertThat(waiting.state()).isEqualTo(TaskState.WAITING);
        assertThat(waiting.startTime()).isNull();
        assertThat(repository.findClaimedHere()).isEmpty();
        Task secondRun = repository.claimNextRunnable(T2, WORKER).orElseThrow();
        assertThat(secondRun.id()).as("it keeps its place in the queue").isEqualTo(firstRun.id());
        assertThat(secondRun.startTime()).isEqualTo(T2);
        assertThat(secondRun.isSameRun(firstRun)).isFalse();
        assertThat(repository.claimNextRunnable(T2, WORKER).map(Task::id)).contains(later.id());
        assertThat(repository.claimNextRunnable(T3, WORKER)).as("the successor still waits for its claims").isEmpty();
        assertThat(successor.state()).isEqualTo(TaskState.WAITING);
    }

    @Test
    void givenClaimedAndEndedTasks_findClaimedHere_listsExactlyThoseThatStartedAndHoldTheirClaims() {
        repository.admit(unclaimed());
        repository.admit(unclaimed());
        repository.admit(unclaimed());
        Task neverRan = repository.admit(unclaimed());
        Task first = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task second = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task third = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        repository.update(first.finish(null, T2).releaseClaims());
        Task canceledWhileRunning = repository.update(third.cancel(T2));
        repository.update(repository.findById(neverRan.id()).orElseThrow().cancel(T2));

        assertThat(repository.findClaimedHere()).containsExactlyInAnyOrder(
                repository.findById(second.id()).orElseThrow(), canceledWhileRunning);

        repository.update(canceledWhileRunning.releaseClaims());
        assertThat(repository.findClaimedHere()).containsExactly(repository.findById(second.id()).orElseThrow());
    }

    @Test
    void givenEmptyRepository_claimNextRunnable_isEmpty() {
        assertThat(repository.claimNextRunnable(T1, WORKER)).isEmpty();
    }

    @Test
    void givenPostponedTask_claimNextRunnable_waitsUntilBlockerReleasesItsClaims() {
        repository.admit(claiming("r1", UPDATE));
        Task postponed = repository.admit(claiming("r1", UPDATE));
        Task blocker = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        assertThat(repository.claimNextRunnable(T1, WORKER)).isEmpty();

        Task finished = repository.update(blocker.finish(null, T2));
        assertThat(repository.claimNextRunnable(T2, WORKER)).isEmpty();

        repository.update(finished.releaseClaims());
        Task claimed = repository.claimNextRunnable(T3, WORKER).orElseThrow();
        assertThat(claimed.id()).isEqualTo(postponed.id());
        assertThat(claimed.state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void givenCancelledRunningBlocker_claimNextRunnable_waitsUntilItsCodeReleasesClaims() {
        repository.admit(claiming("r1", UPDATE));
        Task postponed = repository.admit(claiming("r1", UPDATE));
        Task blocker = repository.claimNextRunnable(T1, WORKER).orElseThrow();

        Task canceled = repository.update(blocker.cancel(T2));
        assertThat(canceled.holdsClaims()).isTrue();
        assertThat(repository.claimNextRunnable(T2, WORKER)).isEmpty();

        repository.update(canceled.releaseClaims());
        assertThat(repository.claimNextRunnable(T3, WORKER).map(Task::id)).contains(postponed.id());
    }

    @Test
    void givenCancelledRunningTaskHoldingClaims_admit_isPostponedBehindIt() {
        repository.admit(claiming("r1", UPDATE));
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        repository.update(running.cancel(T2));

        Task later = repository.admit(claiming("r1", UPDATE));

        assertThat(later.response()).isEqualTo(CallResponse.POSTPONED);
        assertThat(repository.claimNextRunnable(T3, WORKER)).as("the later task waits for the cancelled one").isEmpty();
    }

    @Test
    void givenWaitingBlocker_cancel_unblocksItsDependentsAndIsNeverHandedOut() {
        Task blocker = repository.admit(claiming("r1", UPDATE));
        Task postponed = repository.admit(claiming("r1", UPDATE));

        repository.update(blocker.cancel(T1));

        assertThat(repository.claimNextRunnable(T2, WORKER).map(Task::id)).contains(postponed.id());
        assertThat(repository.claimNextRunnable(T2, WORKER)).isEmpty();
        assertThat(repository.findById(blocker.id()).map(Task::state)).contains(TaskState.CANCELED);
    }

    @Test
    void givenCancelledTaskBetweenARunningOneAndItsSuccessor_successorStillWaitsForTheRunningOne() {
        repository.admit(claiming("r1", UPDATE));
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task cancelled = repository.admit(claiming("r1", UPDATE));
        Task successor = repository.admit(claiming("r1", UPDATE));

        repository.update(cancelled.cancel(T2));

        assertThat(repository.claimNextRunnable(T2, WORKER)).as("the running update still holds r1").isEmpty();
        finishAndRelease(repository, running, T3);
        assertThat(repository.claimNextRunnable(T3, WORKER).map(Task::id)).contains(successor.id());
    }

    @Test
    void givenReadWaitingOnlyForACancelledCreate_cancel_letsTheReadRunBesideTheEarlierTasks() {
        repository.admit(claiming("r1", READ));
        Task reading = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task update = repository.admit(claiming("r1", UPDATE));
        Task create = repository.admit(claiming("r1", CREATE));
        Task read = repository.admit(claiming("r1", READ));
        assertThat(read.response()).isEqualTo(CallResponse.POSTPONED);
        assertThat(repository.claimNextRunnable(T1, WORKER)).isEmpty();

        repository.update(create.cancel(T2));

        assertThat(repository.claimNextRunnable(T2, WORKER).map(Task::id)).as("a read runs beside a read and an update")
                .contains(read.id());
        assertThat(repository.claimNextRunnable(T2, WORKER)).as("the update still waits for the first read").isEmpty();
        finishAndRelease(repository, reading, T3);
        assertThat(repository.claimNextRunnable(T3, WORKER).map(Task::id)).as("the update runs beside the later read")
                .contains(update.id());
    }

    @Test
    void givenRandomHistory_claimNextRunnable_alwaysTakesTheOldestTaskThatNoEarlierHolderConflictsWith() {
        Random random = new Random(20_261_128);
        ResourceOperation[] operations = ResourceOperation.values();
        for (int step = 0; step < 3_000; step++) {
            int action = random.nextInt(10);
            // every stored task in one read, which a database answers far faster than one read per task
            List<Task> current = repository.find(everything(), 0, Integer.MAX_VALUE);
            if (action < 4) {
                // one call in three comes as a group of two or three
                int size = random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
                List<TaskSubmission> calls = new ArrayList<>();
                TaskGroupId group = TaskGroupId.random();
                for (int i = 0; i < size; i++) {
                    TaskBuilder call = aSubmission();
                    for (int claims = 1 + random.nextInt(2); claims > 0; claims--) {
                        call.claiming(RepositoryTestData.REPOSITORY, "r" + random.nextInt(3),
                                operations[random.nextInt(operations.length)]);
                    }
                    calls.add(size == 1 ? call.buildSubmission() : call.buildSubmission().inGroup(group));
                }
                try {
                    if (size == 1) {
                        repository.admit(calls.get(0));
                    } else {
                        repository.admitAll(calls);
                    }
                } catch (CallRejectedException e) {
                    // the matrix refused it; nothing was stored
                }
            } else if (action < 6) {
                randomIn(random, current, TaskState.WAITING).ifPresent(task -> repository.update(task.cancel(T2)));
            } else if (action < 8) {
                randomIn(random, current, TaskState.RUNNING)
                        .ifPresent(task -> finishAndRelease(repository, task, T2));
            } else {
                Optional<TaskId> expected = current.stream()
                        .filter(task -> task.state() == TaskState.WAITING)
                        .filter(task -> current.stream().noneMatch(earlier -> earlier.position() < task.position()
                                && earlier.holdsClaims() && conflict(earlier, task)))
                        .min(Comparator.comparingLong(Task::position))
                        .map(Task::id);

                assertThat(repository.claimNextRunnable(T1, WORKER).map(Task::id)).as("step %d", step).isEqualTo(expected);
            }
        }
    }

    private static Optional<Task> randomIn(Random random, List<Task> tasks, TaskState state) {
        List<Task> inState = tasks.stream().filter(task -> task.state() == state).toList();
        return inState.isEmpty() ? Optional.empty() : Optional.of(inState.get(random.nextInt(inState.size())));
    }

    @Test
    void givenCancelledWaitingTask_claimNextRunnable_skipsIt() {
        Task canceled = repository.admit(unclaimed());
        Task other = repository.admit(unclaimed());
        repository.update(canceled.cancel(T1));

        assertThat(repository.claimNextRunnable(T2, WORKER).map(Task::id)).contains(other.id());
        assertThat(repository.claimNextRunnable(T2, WORKER)).isEmpty();
    }

    @Test
    void givenTaskBlockedByTwo_claimNextRunnable_waitsForBoth() {
        repository.admit(claiming("r1", UPDATE));
        repository.admit(claiming("r2", UPDATE));
        Task both = repository.admit(aBothSubmission());
        Task first = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task second = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        assertThat(both.response()).isEqualTo(CallResponse.POSTPONED);

        finishAndRelease(repository, first, T2);
        assertThat(repository.claimNextRunnable(T2, WORKER)).isEmpty();

        finishAndRelease(repository, second, T3);
        assertThat(repository.claimNextRunnable(T3, WORKER).map(Task::id)).contains(both.id());
    }

    @Test
    void givenChainOfConflictingTasks_claimNextRunnable_runsThemOneByOneInSubmissionOrder() {
        List<TaskId> submitted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            submitted.add(repository.admit(claiming("r1", UPDATE)).id());
        }
        Task unrelated = repository.admit(claiming("r2", UPDATE));

        List<TaskId> ran = new ArrayList<>();
        Task current = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        assertThat(repository.claimNextRunnable(T1, WORKER).map(Task::id)).contains(unrelated.id());
        while (true) {
            ran.add(current.id());
            assertThat(repository.claimNextRunnable(T1, WORKER)).as("nothing runs beside %s", current.id()).isEmpty();
            finishAndRelease(repository, current, T2);
            Optional<Task> next = repository.claimNextRunnable(T3, WORKER);
            if (next.isEmpty()) {
                break;
            }
            current = next.get();
        }

        assertThat(ran).containsExactlyElementsOf(submitted);
    }

    @Test
    void givenSeveralEarlierTasksHoldingTheSameClaim_admit_listsTheClaimOnce() {
        repository.admit(claiming("r1", UPDATE));
        repository.admit(claiming("r1", UPDATE));

        Task third = repository.admit(claiming("r1", UPDATE));

        assertThat(third.reasons()).containsExactly(claim("r1", UPDATE));
    }

    // updates

    @Test
    void givenStoredTask_update_storesChangeAtNextVersion() {
        repository.admit(unclaimed());
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();

        Task reported = repository.update(running.reportProgress(Map.of("done", 3)));

        assertThat(reported.version()).isEqualTo(running.version() + 1);
        assertThat(reported.progress()).isEqualTo(Map.of("done", 3));
        assertThat(repository.findById(running.id())).contains(reported);
    }

    @Test
    void givenStaleTask_update_throwsConcurrentTaskUpdateException() {
        repository.admit(unclaimed());
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task current = repository.update(running.reportProgress(Map.of("step", 1)));

        assertThatThrownBy(() -> repository.update(running.cancel(T2)))
                .isInstanceOf(ConcurrentTaskUpdateException.class);
        assertThat(repository.findById(running.id())).contains(current);
    }

    @Test
    void givenWaitingTaskClaimedMeanwhile_updateFromWaitingSnapshot_throwsConcurrentTaskUpdateException() {
        Task waiting = repository.admit(unclaimed());
        repository.claimNextRunnable(T1, WORKER);

        assertThatThrownBy(() -> repository.update(waiting.cancel(T2)))
                .isInstanceOf(ConcurrentTaskUpdateException.class);
        assertThat(repository.findById(waiting.id()).map(Task::state)).contains(TaskState.RUNNING);
    }

    @Test
    void givenTaskNeverStored_update_throwsConcurrentTaskUpdateException() {
        Task unknown = aWaitingTask().build();

        assertThatThrownBy(() -> repository.update(unknown.cancel(T1)))
                .isInstanceOf(ConcurrentTaskUpdateException.class);
        assertThat(repository.findById(unknown.id())).isEmpty();
    }

    @Test
    void givenFinishedTask_updateAndClaimNext_storesTheChangeAndStartsTheOldestRunnable() {
        repository.admit(unclaimed());
        Task second = repository.admit(unclaimed());
        Task third = repository.admit(unclaimed());
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task released = running.finish(Map.of("ok", true), T2).releaseClaims();

        Task next = repository.updateAndClaimNext(released, T3, "taskmill-node-2").orElseThrow();

        assertThat(repository.findById(running.id())).contains(released.withVersion(running.version() + 1));
        assertThat(next.id()).isEqualTo(second.id());
        assertThat(next.state()).isEqualTo(TaskState.RUNNING);
        assertThat(next.startTime()).isEqualTo(T3);
        assertThat(next.workerName()).isEqualTo("taskmill-node-2");
        assertThat(repository.findById(second.id())).contains(next);
        assertThat(repository.claimNextRunnable(T3, WORKER).map(Task::id)).contains(third.id());
    }

    @Test
    void givenNothingElseWaiting_updateAndClaimNext_storesTheChangeAndClaimsNothing() {
        repository.admit(claiming("r1", UPDATE));
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task released = running.finish(null, T2).releaseClaims();

        assertThat(repository.updateAndClaimNext(released, T3, WORKER)).isEmpty();
        assertThat(repository.findById(running.id()).map(Task::claimsReleased)).contains(true);
    }

    @Test
    void givenReleasingBlocker_updateAndClaimNext_claimsTheSuccessorItReleased() {
        repository.admit(claiming("r1", UPDATE));
        Task successor = repository.admit(claiming("r1", UPDATE));
        Task blocker = repository.claimNextRunnable(T1, WORKER).orElseThrow();

        Task claimed = repository.updateAndClaimNext(blocker.finish(null, T2).releaseClaims(), T3, WORKER).orElseThrow();

        assertThat(claimed.id()).isEqualTo(successor.id());
        assertThat(claimed.state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void givenStaleTask_updateAndClaimNext_throwsAndClaimsNothing() {
        repository.admit(unclaimed());
        Task waiting = repository.admit(unclaimed());
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task current = repository.update(running.reportProgress(Map.of("step", 1)));

        assertThatThrownBy(() -> repository.updateAndClaimNext(running.finish(null, T2).releaseClaims(), T3, WORKER))
                .isInstanceOf(ConcurrentTaskUpdateException.class);
        assertThat(repository.findById(running.id())).contains(current);
        assertThat(repository.findById(waiting.id()).map(Task::state)).contains(TaskState.WAITING);
    }

    @Test
    void givenRemovedTask_update_throwsConcurrentTaskUpdateException() {
        Task waiting = repository.admit(unclaimed());
        Task canceled = repository.update(waiting.cancel(T1));
        repository.removeFinishedBefore(T2);

        assertThatThrownBy(() -> repository.update(canceled))
                .isInstanceOf(ConcurrentTaskUpdateException.class);
    }

    // listing

    @Test
    void givenTaggedTasks_findByTags_returnsOnlyTasksWithEveryTag() {
        repository.admit(tagged("a"));
        Task both = repository.admit(tagged("a", "b"));
        repository.admit(tagged("b"));
        Task all = repository.admit(tagged("b", "c", "a"));

        List<Task> found = repository.find(withTags("a", "b"), 0, 10);

        assertThat(idsOf(found)).containsExactly(both.id(), all.id());
    }

    @Test
    void givenUnknownTag_find_returnsNothing() {
        repository.admit(tagged("a"));

        assertThat(repository.find(withTags("a", "nowhere"), 0, 10)).isEmpty();
    }

    @Test
    void givenAutomaticTags_findByResourceTag_returnsTasksClaimingIt() {
        Task onR1 = repository.admit(claiming("r1", READ));
        repository.admit(claiming("r2", READ));

        List<Task> found = repository.find(withTags("pulp:repository:r1"), 0, 10);

        assertThat(idsOf(found)).containsExactly(onR1.id());
    }

    @Test
    void givenTasksInSeveralStates_findByStates_returnsThoseStatesInPositionOrder() {
        Task finished = repository.admit(unclaimed());
        Task canceled = repository.admit(unclaimed());
        Task running = repository.admit(unclaimed());
        Task waiting = repository.admit(unclaimed());
        finishAndRelease(repository, repository.claimNextRunnable(T1, WORKER).orElseThrow(), T2);
        repository.update(canceled.cancel(T1));
        repository.claimNextRunnable(T2, WORKER);

        assertThat(idsOf(repository.find(inStates(TaskState.FINISHED, TaskState.CANCELED), 0, 10)))
                .containsExactly(finished.id(), canceled.id());
        assertThat(idsOf(repository.find(inStates(TaskState.RUNNING), 0, 10))).containsExactly(running.id());
        assertThat(idsOf(repository.find(everything(), 0, 10)))
                .containsExactly(finished.id(), canceled.id(), running.id(), waiting.id());
    }

    @Test
    void givenTasksInSeveralStates_findIncomplete_listsWaitingAndRunningOldestFirst() {
        Task running = repository.admit(tagged("x"));
        Task done = repository.admit(tagged("x"));
        Task waiting = repository.admit(tagged("x"));
        repository.claimNextRunnable(T1, WORKER);
        repository.update(done.cancel(T1));

        List<Task> found = repository.find(TaskFilter.incomplete(Set.of()), 0, 10);

        assertThat(idsOf(found)).containsExactly(running.id(), waiting.id());
        assertThat(found.get(0).state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void givenTagsAndStates_find_appliesBoth() {
        repository.admit(tagged("a"));
        repository.admit(tagged("b"));
        Task waitingA = repository.admit(tagged("a"));
        repository.claimNextRunnable(T1, WORKER);

        TaskFilter waitingWithA = new TaskFilter(Set.of(Tag.of("a")), Set.of(TaskState.WAITING));

        assertThat(idsOf(repository.find(waitingWithA, 0, 10))).containsExactly(waitingA.id());
    }

    @Test
    void givenSubmitter_find_returnsOnlyThatUsersTasks_andKeepsTheSubmitter() {
        Task alices = repository.admit(aSubmission().withTags("s").submittedBy("alice").buildSubmission());
        repository.admit(aSubmission().withTags("s").submittedBy("bob").buildSubmission());
        repository.admit(aSubmission().withTags("s").buildSubmission());

        List<Task> found = repository.find(withTags("s").submittedBy("alice"), 0, 10);

        assertThat(idsOf(found)).containsExactly(alices.id());
        assertThat(found.get(0).submitter()).isEqualTo("alice");
        assertThat(repository.findById(alices.id()).orElseThrow().submitter()).isEqualTo("alice");
    }

    @Test
    void givenManyTasks_findWithAfterAndLimit_pagesInPositionOrder() {
        List<Task> admitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            admitted.add(repository.admit(tagged("page")));
        }
        repository.claimNextRunnable(T1, WORKER);

        List<Task> first = repository.find(withTags("page"), 0, 2);
        List<Task> second = repository.find(everything(), first.get(1).position(), 2);
        List<Task> third = repository.find(TaskFilter.incomplete(Set.of()), second.get(1).position(), 2);

        assertThat(positionsOf(first)).containsExactly(admitted.get(0).position(), admitted.get(1).position());
        assertThat(positionsOf(second)).containsExactly(admitted.get(2).position(), admitted.get(3).position());
        assertThat(positionsOf(third)).containsExactly(admitted.get(4).position());
        assertThat(repository.find(everything(), admitted.get(4).position(), 2)).isEmpty();
    }

    @Test
    void givenRunningAndWaitingTasks_findWithLimit_mergesStatesByPosition() {
        List<TaskId> admitted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            admitted.add(repository.admit(unclaimed()).id());
        }
        Task waiting = repository.findById(admitted.get(1)).orElseThrow();
        repository.update(waiting.cancel(T1));
        repository.claimNextRunnable(T1, WORKER);
        repository.claimNextRunnable(T1, WORKER);

        List<Task> found = repository.find(TaskFilter.incomplete(Set.of()), 0, 3);

        assertThat(idsOf(found)).containsExactly(admitted.get(0), admitted.get(2), admitted.get(3));
    }

    // counts

    @Test
    void givenTasksInEveryState_count_countsEachStateAndFollowsChanges() {
        assertThat(repository.count(TaskState.WAITING)).isZero();
        repository.admit(unclaimed());
        repository.admit(unclaimed());
        Task toCancel = repository.admit(unclaimed());
        repository.admit(unclaimed());
        repository.update(toCancel.cancel(T1));
        Task running = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        Task toFinish = repository.claimNextRunnable(T1, WORKER).orElseThrow();
        finishAndRelease(repository, toFinish, T2);

        assertThat(repository.count(TaskState.WAITING)).isEqualTo(1);
        assertThat(repository.count(TaskState.RUNNING)).isEqualTo(1);
        assertThat(repository.count(TaskState.FINISHED)).isEqualTo(1);
        assertThat(repository.count(TaskState.CANCELED)).isEqualTo(1);
        assertThat(repository.count(TaskState.ERROR)).isZero();

        repository.update(repository.findById(running.id()).orElseThrow().returnToWaiting());

        assertThat(repository.count(TaskState.WAITING)).isEqualTo(2);
        assertThat(repository.count(TaskState.RUNNING)).isZero();
        assertThat(repository.removeFinishedBefore(T3)).isEqualTo(2);
        assertThat(repository.count(TaskState.FINISHED)).isZero();
        assertThat(repository.count(TaskState.CANCELED)).isZero();
    }

    // retention

    @Test
    void givenTasksOfAllKinds_removeFinishedBefore_removesOnlyOldTerminalTasksThatReleasedClaims() {
        Task oldFinished = repository.admit(tagged("keep-or-not"));
        Task oldHolding = repository.admit(tagged("keep-or-not"));
        Task recent = repository.admit(tagged("keep-or-not"));
        Task running = repository.admit(tagged("keep-or-not"));
        Task waiting = repository.admit(tagged("keep-or-not"));
        Task oldCanceled = repository.admit(tagged("keep-or-not"));
        finishAndRelease(repository, repository.claimNextRunnable(T1, WORKER).orElseThrow(), T1);
        repository.update(repository.claimNextRunnable(T1, WORKER).orElseThrow().finish(null, T1));
        finishAndRelease(repository, repository.claimNextRunnable(T1, WORKER).orElseThrow(), T3);
        repository.claimNextRunnable(T1, WORKER);
        repository.update(oldCanceled.cancel(T1));

        int removed = repository.removeFinishedBefore(T2);

        assertThat(removed).isEqualTo(2);
        assertThat(repository.findById(oldFinished.id())).isEmpty();
        assertThat(repository.findById(oldCanceled.id())).isEmpty();
        assertThat(idsOf(repository.find(everything(), 0, 10)))
                .containsExactly(oldHolding.id(), recent.id(), running.id(), waiting.id());
        assertThat(idsOf(repository.find(withTags("keep-or-not"), 0, 10)))
                .containsExactly(oldHolding.id(), recent.id(), running.id(), waiting.id());
        assertThat(repository.find(inStates(TaskState.CANCELED), 0, 10)).isEmpty();
    }

    @Test
    void givenTaskFinishedExactlyAtCutoff_removeFinishedBefore_keepsIt() {
        Task task = repository.admit(unclaimed());
        repository.update(task.cancel(T2));

        assertThat(repository.removeFinishedBefore(T2)).isZero();
        assertThat(repository.findById(task.id())).isPresent();
    }

    @Test
    void givenNothingExpired_removeFinishedBefore_returnsZero() {
        repository.admit(unclaimed());

        assertThat(repository.removeFinishedBefore(T3)).isZero();
    }

    // concurrency

    @Test
    void givenThreadsAdmittingAndClaimingAtOnce_everyTaskIsHandedOutExactlyOnceAfterEarlierConflicts()
            throws Exception {
        Map<TaskId, Task> admitted = admitAndRunConcurrently(8, 200, i -> List.of(
                repository.admit(claiming("shared-" + (i % 4), i % 3 == 0 ? UPDATE : READ))));

        assertThat(admitted).hasSize(8 * 200);
    }

    /**
     * Runs {@code threads} threads that each admit {@code perThread} times with {@code admit} (given
     * the round, returning the tasks stored) and after each claim a task and run it to its end;
     * then runs what is left. Checks that every task was handed out once, and only once no
     * earlier task held a claim it conflicts with.
     *
     * @return every task admitted
     */
    private Map<TaskId, Task> admitAndRunConcurrently(int threads, int perThread, Race.IndexedWork<List<Task>> admit)
            throws Exception {
        Map<TaskId, Task> admitted = new ConcurrentHashMap<>();
        Map<TaskId, Integer> handedOut = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();

        Race.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                admit.run(i).forEach(task -> admitted.put(task.id(), task));
                String worker = "taskmill-race-" + (thread + 1);
                repository.claimNextRunnable(T1, worker).ifPresent(next -> {
                    if (!worker.equals(next.workerName())) {
                        violations.add(next.id() + " went to " + worker + " but names " + next.workerName());
                    }
                    runToEnd(next, admitted, handedOut, violations);
                });
            }
            return null;
        });
        Optional<Task> next;
        while ((next = repository.claimNextRunnable(T2, WORKER)).isPresent()) {
            runToEnd(next.get(), admitted, handedOut, violations);
        }

        assertThat(violations).isEmpty();
        assertThat(handedOut.keySet()).isEqualTo(admitted.keySet());
        assertThat(handedOut.values()).containsOnly(1);
        assertThat(repository.find(TaskFilter.incomplete(Set.of()), 0, 10)).isEmpty();
        return admitted;
    }

    /**
     * Workers that record their tasks' ends and take their next at once, as the engine's do: a
     * store that gathers them into one call still starts each next task by the worker it goes to.
     */
    @Test
    void givenWorkersCompletingAtOnce_updateAndClaimNext_startsEachTaskByTheWorkerThatGetsIt() throws Exception {
        int workers = 8;
        int tasks = 400;
        for (int i = 0; i < tasks; i++) {
            repository.admit(i % 5 == 0 ? claiming("shared", UPDATE) : unclaimed());
        }
        Map<TaskId, String> ranBy = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();

        Race.run(workers, thread -> {
            String worker = "taskmill-batch-" + (thread + 1);
            Optional<Task> next = repository.claimNextRunnable(T1, worker);
            while (next.isPresent()) {
                Task task = next.get();
                if (!worker.equals(task.workerName())) {
                    violations.add(task.id() + " went to " + worker + " but names " + task.workerName());
                }
                if (ranBy.put(task.id(), worker) != null) {
                    violations.add(task.id() + " was handed out twice");
                }
                next = repository.updateAndClaimNext(task.finish(null, T2).releaseClaims(), T2, worker);
                if (next.isEmpty()) {
                    next = repository.claimNextRunnable(T2, worker); // one that waited on "shared" may be free now
                }
            }
            return null;
        });

        assertThat(violations).isEmpty();
        assertThat(ranBy).hasSize(tasks);
        for (Task stored : repository.find(everything(), 0, tasks)) {
            assertThat(stored.state()).isEqualTo(TaskState.FINISHED);
            assertThat(stored.workerName()).as("task %s", stored.id()).isEqualTo(ranBy.get(stored.id()));
        }
    }

    @Test
    void givenThreadsRacingToCreateOneResource_admit_acceptsExactlyOne() throws Exception {
        int threads = 8;

        List<Boolean> accepted = Race.run(threads, thread -> {
            try {
                repository.admit(claiming("contested", CREATE));
                return true;
            } catch (CallRejectedException e) {
                return false;
            }
        });

        assertThat(accepted).containsOnlyOnce(true);
        assertThat(accepted.stream().filter(ok -> !ok)).hasSize(threads - 1);
        assertThat(repository.find(everything(), 0, threads)).hasSize(1);
    }

    @Test
    void givenThreadsRacingGroupsThatCreateOneResource_admitAll_admitsExactlyOneGroupWhole() throws Exception {
        int threads = 8;

        List<Boolean> admitted = Race.run(threads, thread -> {
            try {
                repository.admitAll(inGroup(TaskGroupId.random(), claiming("own-" + thread, UPDATE),
                        claiming("contested", CREATE), claiming("own-" + thread, READ)));
                return true;
            } catch (CallRejectedException e) {
                assertThat(e.callIndex()).hasValue(1);
                return false;
            }
        });

        assertThat(admitted).containsOnlyOnce(true);
        List<Task> stored = repository.find(everything(), 0, 100);
        assertThat(stored).hasSize(3);
        assertThat(stored).extracting(Task::jobId).containsOnly(stored.get(0).jobId());
    }

    @Test
    void givenThreadsAdmittingGroupsAndCallsOnSharedResources_eachGroupsCallsFollowOneAnotherOnEachResource()
            throws Exception {
        Map<TaskId, Task> admitted = admitAndRunConcurrently(8, 25, i -> i % 5 == 4
                ? List.of(repository.admit(claiming("shared-a", READ)))
                : repository.admitAll(inGroup(TaskGroupId.random(), claiming("shared-a", UPDATE),
                        claiming("shared-b", READ), claiming("shared-a", READ), claiming("shared-b", UPDATE))));

        for (String resource : List.of("shared-a", "shared-b")) {
            List<String> groupsInOrder = admitted.values().stream()
                    .filter(task -> task.claims().stream().anyMatch(claim -> claim.resourceId().equals(resource)))
                    .sorted(Comparator.comparingLong(Task::position))
                    .map(task -> String.valueOf(task.jobId())).toList();
            Set<String> ended = new HashSet<>();
            for (int i = 1; i < groupsInOrder.size(); i++) {
                String previous = groupsInOrder.get(i - 1);
                if (!previous.equals(groupsInOrder.get(i)) && !previous.equals("null")) {
                    ended.add(previous);
                }
                assertThat(ended).as("on %s, a group's calls follow one another", resource)
                        .doesNotContain(groupsInOrder.get(i));
            }
        }
    }

    /**
     * Checks the claimed task may run (no earlier task still holds a claim it conflicts with),
     * then finishes it and releases its claims.
     */
    private void runToEnd(Task task, Map<TaskId, Task> admitted, Map<TaskId, Integer> handedOut,
            List<String> violations) {
        handedOut.merge(task.id(), 1, Integer::sum);
        if (task.state() != TaskState.RUNNING) {
            violations.add(task.id() + " was handed out in state " + task.state());
        }
        for (Task earlier : admitted.values()) {
            if (earlier.position() < task.position() && conflict(earlier, task)
                    && repository.findById(earlier.id()).map(Task::holdsClaims).orElse(false)) {
                violations.add(task.id() + " started while the earlier " + earlier.id() + " held a conflicting claim");
            }
        }
        finishAndRelease(repository, task, T2);
    }

    private static boolean conflict(Task earlier, Task later) {
        return earlier.claims().stream().anyMatch(held -> later.claims().stream().anyMatch(claim ->
                held.key().equals(claim.key()) && ConflictMatrix.conflicts(held.operation(), claim.operation())));
    }

    private static TaskSubmission aBothSubmission() {
        return aSubmission()
                .claiming(RepositoryTestData.REPOSITORY, "r1", UPDATE)
                .claiming(RepositoryTestData.REPOSITORY, "r2", UPDATE)
                .buildSubmission();
    }
}
