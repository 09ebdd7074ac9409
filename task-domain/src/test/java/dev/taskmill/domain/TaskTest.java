package dev.taskmill.domain;

import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.WORKER;
import static dev.taskmill.domain.TaskBuilder.aSubmission;
import static dev.taskmill.domain.TaskBuilder.aRunningTask;
import static dev.taskmill.domain.TaskBuilder.aTaskIn;
import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TaskTest {

    private static final Instant NOW = T0.plusSeconds(60);

    /** The state-changing methods other than cancel, with the one state each may start from (tasks-api.md). */
    enum Transition {
        START(TaskState.WAITING, TaskState.RUNNING, task -> task.start(NOW, WORKER)),
        FINISH(TaskState.RUNNING, TaskState.FINISHED, task -> task.finish("ok", NOW)),
        FAIL(TaskState.RUNNING, TaskState.ERROR,
                task -> task.fail(ErrorCode.OPERATION_FAILED, "IOException: disk full", "trace", NOW)),
        TIME_OUT(TaskState.RUNNING, TaskState.ERROR, task -> task.timeOut("TimeoutException: late", NOW)),
        SKIP(TaskState.WAITING, TaskState.SKIPPED, task -> task.skip(NOW)),
        RETURN_TO_WAITING(TaskState.RUNNING, TaskState.WAITING, Task::returnToWaiting);

        final TaskState from;
        final TaskState to;
        final UnaryOperator<Task> apply;

        Transition(TaskState from, TaskState to, UnaryOperator<Task> apply) {
            this.from = from;
            this.to = to;
            this.apply = apply;
        }
    }

    static Stream<Arguments> everyTransitionFromEveryState() {
        List<Arguments> cases = new ArrayList<>();
        for (Transition transition : Transition.values()) {
            for (TaskState state : TaskState.values()) {
                cases.add(Arguments.of(transition, state));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("everyTransitionFromEveryState")
    void givenTaskInAnyState_transition_happensOnlyFromTheContractsState(Transition transition, TaskState state) {
        Task task = aTaskIn(state).build();

        if (state == transition.from) {
            assertThat(transition.apply.apply(task).state()).isEqualTo(transition.to);
        } else {
            assertThatThrownBy(() -> transition.apply.apply(task))
                    .isInstanceOfSatisfying(IllegalTaskStateChangeException.class, refusal -> {
                        assertThat(refusal.from()).isEqualTo(state);
                        assertThat(refusal.to()).isEqualTo(transition.to);
                    })
                    .hasMessageContaining(task.id().toString())
                    .hasMessageContaining("from '" + state.wireName() + "' to '" + transition.to.wireName() + "'");
        }
    }

    @ParameterizedTest
    @EnumSource(Transition.class)
    void givenRunningTaskThatWasCanceled_transition_isRefusedFromCanceled(Transition transition) {
        Task canceled = aRunningTask().build().cancel(NOW);

        assertThatThrownBy(() -> transition.apply.apply(canceled))
                .isInstanceOf(IllegalTaskStateChangeException.class)
                .hasMessageContaining("from 'canceled' to '" + transition.to.wireName() + "'");
    }

    @Test
    void givenFinishedTask_start_isRefusedNamingBothStates() {
        Task finished = aTaskIn(TaskState.FINISHED).build();

        assertThatThrownBy(() -> finished.start(NOW, WORKER))
                .isInstanceOf(IllegalTaskStateChangeException.class)
                .hasMessageContaining("from 'finished' to 'running'");
    }

    @Nested
    class Start {

        @Test
        void givenWaitingTask_start_marksRunningFromNowAndKeepsEverythingElse() {
            Task waiting = aWaitingTask().claiming("repository", "r1", ResourceOperation.UPDATE)
                    .withArg("seconds", 5).withTags("team:ops").build().withVersion(3);

            Task running = waiting.start(NOW, WORKER);

            assertThat(running.state()).isEqualTo(TaskState.RUNNING);
            assertThat(running.startTime()).isEqualTo(NOW);
            assertThat(running.workerName()).isEqualTo(WORKER);
            assertThat(running.finishTime()).isNull();
            assertThat(running.holdsClaims()).isTrue();
            assertThat(running.isIncomplete()).isTrue();
            assertThat(running.version()).isEqualTo(3);
            assertThat(running).usingRecursiveComparison()
                    .ignoringFields("state", "startTime", "workerName")
                    .isEqualTo(waiting);
            assertThat(waiting.state()).as("the original is unchanged").isEqualTo(TaskState.WAITING);
            assertThat(waiting.workerName()).as("nobody runs a waiting task").isNull();
        }

        @Test
        void givenNoWorker_start_isRefused() {
            Task waiting = aWaitingTask().build();

            assertThatThrownBy(() -> waiting.start(NOW, null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("worker");
            assertThatThrownBy(() -> waiting.start(NOW, " ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("worker");
        }

        @Test
        void givenTaskThatRan_everyLaterChange_keepsItsWorker() {
            Task running = aRunningTask().runBy("taskmill-0a1b2c3d-3").build();

            assertThat(running.reportProgress(Map.of("done", 1)).workerName()).isEqualTo("taskmill-0a1b2c3d-3");
            assertThat(running.finish("ok", NOW).releaseClaims().workerName()).isEqualTo("taskmill-0a1b2c3d-3");
            assertThat(running.fail(ErrorCode.OPERATION_FAILED, "X: y", null, NOW).workerName())
                    .isEqualTo("taskmill-0a1b2c3d-3");
            assertThat(running.timeOut("TimeoutException: late", NOW).workerName()).isEqualTo("taskmill-0a1b2c3d-3");
            assertThat(running.cancel(NOW).workerName()).isEqualTo("taskmill-0a1b2c3d-3");
        }

        @Test
        void givenTaskThatNeverRan_cancelOrSkip_leavesItWithoutAWorker() {
            assertThat(aWaitingTask().build().cancel(NOW).workerName()).isNull();
            assertThat(aWaitingTask().build().skip(NOW).workerName()).isNull();
        }
    }

    @Nested
    class Finish {

        @Test
        void givenRunningTask_finish_recordsResultAndFinishTimeAndStillHoldsClaims() {
            Task running = aRunningTask().build();

            Task finished = running.finish(Map.of("digest", "abc"), NOW);

            assertThat(finished.state()).isEqualTo(TaskState.FINISHED);
            assertThat(finished.result()).isEqualTo(Map.of("digest", "abc"));
            assertThat(finished.finishTime()).isEqualTo(NOW);
            assertThat(finished.startTime()).isEqualTo(running.startTime());
            assertThat(finished.exception()).isNull();
            assertThat(finished.traceback()).isNull();
            assertThat(finished.holdsClaims()).as("released only once its code has stopped").isTrue();
            assertThat(finished.isIncomplete()).isFalse();
        }

        @Test
        void givenRunningTask_finishWithNull_recordsNullResult() {
            Task finished = aRunningTask().build().finish(null, NOW);

            assertThat(finished.state()).isEqualTo(TaskState.FINISHED);
            assertThat(finished.result()).isNull();
        }

        @Test
        void givenRunningTaskThatReportedProgress_finish_keepsTheLastProgress() {
            Task running = aRunningTask().build().reportProgress(Map.of("done", 9, "total", 10));

            Task finished = running.finish("ok", NOW);

            assertThat(finished.progress()).isEqualTo(Map.of("done", 9, "total", 10));
        }

        @Test
        void givenRunningTask_finishWithValueThatHasNoJsonForm_isRefusedNamingWhere() {
            Task running = aRunningTask().build();

            assertThatThrownBy(() -> running.finish(Map.of("when", Instant.EPOCH), NOW))
                    .isInstanceOf(NotJsonCompatibleException.class)
                    .hasMessageContaining("$.when")
                    .hasMessageContaining("java.time.Instant");
            assertThatThrownBy(() -> running.finish(Double.NaN, NOW))
                    .isInstanceOf(NotJsonCompatibleException.class);
        }

        @Test
        void givenMutableResult_finish_keepsAnImmutableCopy() {
            List<Object> items = new ArrayList<>(List.of("a"));
            Map<String, Object> value = new HashMap<>(Map.of("items", items));

            Task finished = aRunningTask().build().finish(value, NOW);
            items.add("b");
            value.put("extra", true);

            assertThat(finished.result()).isEqualTo(Map.of("items", List.of("a")));
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) finished.result();
            assertThatThrownBy(() -> result.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            @SuppressWarnings("unchecked")
            List<Object> resultItems = (List<Object>) result.get("items");
            assertThatThrownBy(() -> resultItems.add("c")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class FailAndTimeOut {

        @Test
        void givenExceptionWithoutMessage_error_describesTheCodeAlone() {
            Task failed = aRunningTask().build().fail(ErrorCode.OPERATION_FAILED, "NullPointerException", null, NOW);

            assertThat(failed.error()).contains(new TaskError(ErrorCode.OPERATION_FAILED, "The operation failed.", null));
        }

        @Test
        void givenTaskNotInError_error_isEmpty_andSkippedHasThePredecessorCode() {
            assertThat(aRunningTask().build().error()).isEmpty();
            assertThat(aRunningTask().build().finish(null, NOW).error()).isEmpty();
            assertThat(aWaitingTask().build().skip(NOW).errorCode()).isEqualTo(ErrorCode.PREDECESSOR_FAILED);
        }

        @Test
        void givenPredecessorCode_fail_isRefused_forATaskThatRan() {
            assertThatThrownBy(() -> aRunningTask().build().fail(ErrorCode.PREDECESSOR_FAILED, "X: y", null, NOW))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void givenRunningTask_fail_recordsExceptionTracebackAndFinishTime() {
            Task running = aRunningTask().build();

            Task failed = running.fail(ErrorCode.OPERATION_FAILED, "IOException: disk full",
                    "java.io.IOException: disk full\n\tat X", NOW);

            assertThat(failed.state()).isEqualTo(TaskState.ERROR);
            assertThat(failed.error()).contains(new TaskError(ErrorCode.OPERATION_FAILED,
                    "The operation failed: disk full", "disk full"));
            assertThat(failed.exception()).isEqualTo("IOException: disk full");
            assertThat(failed.traceback()).isEqualTo("java.io.IOException: disk full\n\tat X");
            assertThat(failed.result()).isNull();
            assertThat(failed.startTime()).isEqualTo(running.startTime());
            assertThat(failed.finishTime()).isEqualTo(NOW);
            assertThat(failed.holdsClaims()).isTrue();
        }

        @Test
        void givenRunningTask_timeOut_endsInErrorWithTheTimeLimitCodeAndNoTraceback() {
            Task running = aRunningTask().withTimeout(Duration.ofSeconds(5)).build();

            Task timedOut = running.timeOut("TimeoutException: ran past 5 s", NOW);

            assertThat(timedOut.state()).isEqualTo(TaskState.ERROR);
            assertThat(timedOut.errorCode()).isEqualTo(ErrorCode.TIME_LIMIT_EXCEEDED);
            assertThat(timedOut.error().map(TaskError::description))
                    .contains("The task exceeded its time limit: ran past 5 s");
            assertThat(timedOut.exception()).isEqualTo("TimeoutException: ran past 5 s");
            assertThat(timedOut.traceback()).isNull();
            assertThat(timedOut.finishTime()).isEqualTo(NOW);
            assertThat(timedOut.startTime()).isEqualTo(running.startTime());
            assertThat(timedOut.holdsClaims()).isTrue();
            assertThat(timedOut.timeLimit()).contains(Duration.ofSeconds(5));
        }
    }

    @Nested
    class Skip {

        @Test
        void givenWaitingTask_skip_marksSkippedAndReleasesClaimsAtOnce() {
            Task skipped = aWaitingTask().claiming("repository", "r1", ResourceOperation.READ).build().skip(NOW);

            assertThat(skipped.state()).isEqualTo(TaskState.SKIPPED);
            assertThat(skipped.startTime()).isNull();
            assertThat(skipped.finishTime()).isEqualTo(NOW);
            assertThat(skipped.holdsClaims()).as("it never ran").isFalse();
        }
    }

    @Nested
    class ReturnToWaiting {

        @Test
        void givenRunningTaskWithProgress_returnToWaiting_waitsAgainInItsPlaceWithItsClaimsAndNoTraceOfTheRun() {
            Task running = aRunningTask().claiming("repository", "r1", ResourceOperation.UPDATE).build()
                    .reportProgress(Map.of("done", 3));

            Task waiting = running.returnToWaiting();

            assertThat(waiting.state()).isEqualTo(TaskState.WAITING);
            assertThat(waiting.startTime()).isNull();
            assertThat(waiting.workerName()).as("the worker of the abandoned run").isNull();
            assertThat(waiting.progress()).isEmpty();
            assertThat(waiting.holdsClaims()).isTrue();
            assertThat(waiting.position()).isEqualTo(running.position());
            assertThat(waiting.claims()).isEqualTo(running.claims());
        }

        @Test
        void givenTaskStartedAsItWasAdmitted_orFurtherAlong_asAdmitted_isTheTaskItsAdmissionStored() {
            TaskSubmission submission = aSubmission().claiming("repository", "r1", ResourceOperation.UPDATE)
                    .buildSubmission();
            Task admitted = submission.admit(0, ConflictMatrix.decide(List.of(), submission.claims())).storedAt(7);
            Task started = admitted.start(NOW, WORKER).withVersion(Task.STARTED_AT_ADMISSION_VERSION);

            assertThat(started.asAdmitted()).isEqualTo(admitted);
            assertThat(admitted.asAdmitted()).isEqualTo(admitted);
            Task ended = started.reportProgress(Map.of("done", 1)).finish("ok", NOW.plusSeconds(1)).releaseClaims()
                    .withVersion(5);
            assertThat(ended.asAdmitted()).as("read by another node once it had ended").isEqualTo(admitted);
        }

        @Test
        void givenTaskThatWentBackToWaitingAndStartedAgain_isSameRun_tellsTheRunsApart() {
            Task firstRun = aWaitingTask().build().start(NOW, WORKER);
            Task secondRun = firstRun.returnToWaiting().start(NOW.plusMillis(1), "taskmill-0a1b2c3d-2");

            assertThat(firstRun.finish("ok", NOW.plusSeconds(1)).isSameRun(firstRun)).isTrue();
            assertThat(secondRun.isSameRun(firstRun)).isFalse();
            assertThat(firstRun.returnToWaiting().isSameRun(firstRun)).as("waiting is no run").isFalse();
            assertThat(aWaitingTask().build().start(NOW, WORKER).isSameRun(firstRun)).as("another task").isFalse();
        }
    }

    @Nested
    class Cancel {

        @Test
        void givenWaitingTask_cancel_marksCanceledAndReleasesClaimsAtOnce() {
            Task waiting = aWaitingTask().claiming("repository", "r1", ResourceOperation.UPDATE).build();

            Task canceled = waiting.cancel(NOW);

            assertThat(canceled.state()).isEqualTo(TaskState.CANCELED);
            assertThat(canceled.finishTime()).isEqualTo(NOW);
            assertThat(canceled.startTime()).isNull();
            assertThat(canceled.holdsClaims()).isFalse();
        }

        @Test
        void givenWaitingTaskWhoseOperationCannotBeCancelled_cancel_stillCancelsBecauseItNeverRan() {
            Task canceled = aWaitingTask().notCancellable().build().cancel(NOW);

            assertThat(canceled.state()).isEqualTo(TaskState.CANCELED);
            assertThat(canceled.holdsClaims()).isFalse();
        }

        @Test
        void givenRunningTask_cancel_marksCanceledAtOnceButKeepsClaimsUntilItsCodeReturns() {
            Task running = aRunningTask().claiming("repository", "r1", ResourceOperation.UPDATE).build();

            Task canceled = running.cancel(NOW);

            assertThat(canceled.state()).isEqualTo(TaskState.CANCELED);
            assertThat(canceled.finishTime()).isEqualTo(NOW);
            assertThat(canceled.startTime()).isEqualTo(running.startTime());
            assertThat(canceled.holdsClaims()).isTrue();
            assertThat(canceled.releaseClaims().holdsClaims()).isFalse();
        }

        @Test
        void givenRunningTaskWhoseOperationCannotBeCancelled_cancel_isRefusedAsNotCancellable() {
            Task running = aRunningTask().withOperation("digest").notCancellable().build();

            assertThatThrownBy(() -> running.cancel(NOW))
                    .isInstanceOfSatisfying(TaskNotCancellableException.class,
                            refusal -> assertThat(refusal.taskId()).isEqualTo(running.id()))
                    .hasMessageContaining(running.id().toString())
                    .hasMessageContaining("'digest'");
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"FINISHED", "ERROR", "CANCELED", "SKIPPED"})
        void givenTerminalTask_cancel_isRefusedNamingItsState(TaskState state) {
            Task terminal = aTaskIn(state).build();

            assertThatThrownBy(() -> terminal.cancel(NOW))
                    .isInstanceOfSatisfying(TaskAlreadyTerminalException.class, refusal -> {
                        assertThat(refusal.taskId()).isEqualTo(terminal.id());
                        assertThat(refusal.state()).isEqualTo(state);
                    })
                    .hasMessageContaining("'" + state.wireName() + "'");
        }

        @Test
        void givenTerminalTaskWhoseOperationCannotBeCancelled_cancel_reportsTerminalNotNotCancellable() {
            Task finished = aRunningTask().notCancellable().build().finish("ok", NOW);

            assertThatThrownBy(() -> finished.cancel(NOW)).isInstanceOf(TaskAlreadyTerminalException.class);
        }

        @Test
        void givenRunningTaskCanceledOnce_cancelAgain_isRefusedAsAlreadyCanceled() {
            Task canceled = aRunningTask().build().cancel(NOW);

            assertThatThrownBy(() -> canceled.cancel(NOW.plusSeconds(1)))
                    .isInstanceOfSatisfying(TaskAlreadyTerminalException.class,
                            refusal -> assertThat(refusal.state()).isEqualTo(TaskState.CANCELED));
        }
    }

    @Nested
    class ReportProgress {

        @Test
        void givenRunningTask_reportProgress_replacesTheProgress() {
            Task running = aRunningTask().build();
            assertThat(running.progress()).isEmpty();

            Task first = running.reportProgress(Map.of("done", 1, "steps", List.of("a")));
            Task second = first.reportProgress(Map.of("percent", 50));

            assertThat(first.progress()).isEqualTo(Map.of("done", 1, "steps", List.of("a")));
            assertThat(second.progress()).isEqualTo(Map.of("percent", 50));
            assertThat(second.state()).isEqualTo(TaskState.RUNNING);
        }

        @Test
        void givenMutableReport_reportProgress_keepsAnImmutableCopy() {
            Map<String, Object> report = new HashMap<>(Map.of("done", 1));

            Task reported = aRunningTask().build().reportProgress(report);
            report.put("done", 2);

            assertThat(reported.progress()).isEqualTo(Map.of("done", 1));
            assertThatThrownBy(() -> reported.progress().put("done", 3))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void givenReportWithoutJsonForm_reportProgress_isRefused() {
            Task running = aRunningTask().build();

            assertThatThrownBy(() -> running.reportProgress(Map.of("rate", Double.POSITIVE_INFINITY)))
                    .isInstanceOf(NotJsonCompatibleException.class)
                    .hasMessageContaining("$.rate");
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
        void givenTaskNotRunning_reportProgress_isRefusedNamingItsState(TaskState state) {
            Task task = aTaskIn(state).build();

            assertThatThrownBy(() -> task.reportProgress(Map.of("done", 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'" + state.wireName() + "'");
        }
    }

    @Nested
    class ReleaseClaims {

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"FINISHED", "ERROR"})
        void givenTaskThatRanToATerminalState_releaseClaims_releasesThemAndKeepsTheRest(TaskState state) {
            Task terminal = aTaskIn(state).claiming("repository", "r1", ResourceOperation.UPDATE).build();

            Task released = terminal.releaseClaims();

            assertThat(released.holdsClaims()).isFalse();
            assertThat(released.claimsReleased()).isTrue();
            assertThat(released).usingRecursiveComparison()
                    .ignoringFields("claimsReleased")
                    .isEqualTo(terminal);
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"WAITING", "RUNNING"})
        void givenIncompleteTask_releaseClaims_isRefused(TaskState state) {
            Task task = aTaskIn(state).build();

            assertThatThrownBy(task::releaseClaims)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'" + state.wireName() + "'");
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"CANCELED", "SKIPPED"})
        void givenTaskThatNeverRan_releaseClaims_isRefusedAsAlreadyReleased(TaskState state) {
            Task task = aTaskIn(state).build();

            assertThatThrownBy(task::releaseClaims)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("again");
        }

        @Test
        void givenReleasedTask_releaseClaimsAgain_isRefused() {
            Task released = aTaskIn(TaskState.FINISHED).build().releaseClaims();

            assertThatThrownBy(released::releaseClaims)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("again");
        }
    }

    @Nested
    class SizeLimits {

        @Test
        void givenResultJustWithinOneMebibyte_finish_keepsIt() {
            String text = "x".repeat((int) Task.MAX_RESULT_CHARS - 2);

            assertThat(aRunningTask().build().finish(text, T0.plusSeconds(1)).result()).isEqualTo(text);
        }

        @Test
        void givenResultOverOneMebibyte_finish_isRefusedSayingSo() {
            Task running = aRunningTask().build();

            assertThatThrownBy(() -> running.finish(List.of("x".repeat((int) Task.MAX_RESULT_CHARS)), T0))
                    .isInstanceOf(NotJsonCompatibleException.class)
                    .hasMessage("$ is larger than 1048576 characters as JSON");
        }

        @Test
        void givenProgressOver64KiB_reportProgress_isRefused() {
            Task running = aRunningTask().build();

            assertThatThrownBy(() -> running.reportProgress(Map.of("log", "x".repeat(1 << 16))))
                    .isInstanceOf(NotJsonCompatibleException.class)
                    .hasMessageContaining("larger than 65536 characters");
        }
    }

    @Nested
    class Version {

        @Test
        void givenTask_withVersion_changesOnlyTheVersion() {
            Task task = aRunningTask().build();

            Task stored = task.withVersion(7);

            assertThat(stored.version()).isEqualTo(7);
            assertThat(stored).usingRecursiveComparison().ignoringFields("version").isEqualTo(task);
        }

        @Test
        void givenEqualTags_withSharedTags_holdsThoseInstancesAndChangesNothingElse() {
            Task task = aRunningTask().withTags("team:ops").build();
            List<Tag> shared = List.copyOf(new ArrayList<>(task.tags()).stream().map(tag -> new Tag(tag.value()))
                    .toList());

            Task sharing = task.withSharedTags(shared);

            assertThat(sharing.tags()).isSameAs(shared);
            assertThat(sharing).isEqualTo(task);
        }

        @Test
        void givenOtherTags_withSharedTags_isRefused() {
            Task task = aRunningTask().withTags("team:ops").build();

            assertThatThrownBy(() -> task.withSharedTags(List.of(Tag.of("team:dev"))))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void givenStoredTask_transitions_keepTheVersionTheyWereMadeFrom() {
            Task stored = aWaitingTask().build().withVersion(4);

            assertThat(stored.start(NOW, WORKER).version()).isEqualTo(4);
            assertThat(stored.cancel(NOW).version()).isEqualTo(4);
            assertThat(stored.start(NOW, WORKER).finish("ok", NOW).releaseClaims().version()).isEqualTo(4);
        }
    }

    @Nested
    class CanonicalConstructor {

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"FINISHED", "ERROR", "CANCELED", "SKIPPED"})
        void givenTerminalStateWithoutFinishTime_isRefused(TaskState state) {
            RebuiltTask rebuilt = RebuiltTask.from(aTaskIn(state).build()).finishTime(null);

            assertThatThrownBy(rebuilt::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("finish time");
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"WAITING", "RUNNING"})
        void givenIncompleteStateWithFinishTime_isRefused(TaskState state) {
            RebuiltTask rebuilt = RebuiltTask.from(aTaskIn(state).build()).finishTime(NOW);

            assertThatThrownBy(rebuilt::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("finish time");
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"RUNNING", "FINISHED", "ERROR"})
        void givenStateThatOnlyARunReachesWithoutStartTime_isRefused(TaskState state) {
            RebuiltTask rebuilt = RebuiltTask.from(aTaskIn(state).build()).startTime(null);

            assertThatThrownBy(rebuilt::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + state.wireName() + "'")
                    .hasMessageContaining("start time");
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"WAITING", "CANCELED", "SKIPPED"})
        void givenStateReachableWithoutRunningAndNoStartTime_isAccepted(TaskState state) {
            Task task = aTaskIn(state).build();

            Task rebuilt = RebuiltTask.from(task).build();

            assertThat(rebuilt).isEqualTo(task);
            assertThat(rebuilt.startTime()).isNull();
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"WAITING", "CANCELED", "SKIPPED"})
        void givenTaskThatNeverStartedWithAWorker_isRefused(TaskState state) {
            RebuiltTask rebuilt = RebuiltTask.from(aTaskIn(state).build()).workerName(WORKER);

            assertThatThrownBy(rebuilt::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("worker");
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"RUNNING", "FINISHED", "ERROR"})
        void givenTaskThatStartedBeforeTasksRecordedTheirWorker_isAcceptedWithoutOne(TaskState state) {
            Task rebuilt = RebuiltTask.from(aTaskIn(state).build()).workerName(null).build();

            assertThat(rebuilt.workerName()).isNull();
            assertThat(rebuilt.startTime()).isNotNull();
        }

        @Test
        void givenCanceledTaskThatHadStarted_isAcceptedWithItsStartTime() {
            Task canceled = aRunningTask().build().cancel(NOW);

            assertThat(RebuiltTask.from(canceled).build()).isEqualTo(canceled);
        }

        @ParameterizedTest
        @EnumSource(value = TaskState.class, names = {"WAITING", "RUNNING"})
        void givenIncompleteTaskThatReleasedItsClaims_isRefused(TaskState state) {
            RebuiltTask rebuilt = RebuiltTask.from(aTaskIn(state).build()).claimsReleased(true);

            assertThatThrownBy(rebuilt::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("release");
        }

        @Test
        void givenPostponedTaskWithoutReasons_isRefused() {
            RebuiltTask rebuilt = RebuiltTask.from(aWaitingTask().build()).response(CallResponse.POSTPONED, List.of());

            assertThatThrownBy(rebuilt::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("postponed");
        }

        @Test
        void givenMutableTags_keepsItsOwnUnmodifiableCopy() {
            List<Tag> tags = new ArrayList<>(List.of(Tag.of("a")));

            Task task = RebuiltTask.from(aWaitingTask().build()).tags(tags).build();
            tags.add(Tag.of("b"));

            assertThat(task.tags()).containsExactly(Tag.of("a"));
            assertThatThrownBy(() -> task.tags().add(Tag.of("c"))).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void givenMissingId_isRefused() {
            Task task = aWaitingTask().build();

            assertThatThrownBy(() -> new Task(null, task.operation(), task.args(), task.claims(), task.tags(),
                    task.cancellable(), task.timeout(), null, null, 1, CallResponse.ACCEPTED, List.of(),
                    TaskState.WAITING, Map.of(), null, null, null, null, T0, null, null, null, null, false, 0))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("id");
        }
    }
}
