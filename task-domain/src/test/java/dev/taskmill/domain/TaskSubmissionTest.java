package dev.taskmill.domain;

import static dev.taskmill.domain.TaskBuilder.T0;
import static dev.taskmill.domain.TaskBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSubmissionTest {

    private final TaskId id = TaskId.random();
    private final ResourceClaim updateR1 = new ResourceClaim("repository", "r1", ResourceOperation.UPDATE);
    private final ResourceClaim readC7 = new ResourceClaim("consumer", "c7", ResourceOperation.READ);

    @Test
    void givenClaimsAndCallerTags_of_addsResourceTagsAndActionTagAfterTheCallersTags() {
        TaskSubmission submission = submit("sync", List.of(updateR1, readC7), List.of(tag("team:ops"), tag("b")));

        assertThat(submission.tags()).extracting(Tag::value).containsExactly(
                "team:ops", "b", "pulp:repository:r1", "pulp:consumer:c7", "pulp:action:sync");
    }

    @Test
    void givenNoClaimsAndNoCallerTags_of_addsOnlyTheActionTag() {
        TaskSubmission submission = submit("sleep", List.of(), List.of());

        assertThat(submission.tags()).containsExactly(Tag.forAction("sleep"));
    }

    @Test
    void givenCallerTagEqualToAnAutomaticTag_of_keepsItOnceAtTheCallersPosition() {
        TaskSubmission submission = submit("sync", List.of(updateR1),
                List.of(tag("pulp:action:sync"), tag("pulp:repository:r1"), tag("mine")));

        assertThat(submission.tags()).extracting(Tag::value)
                .containsExactly("pulp:action:sync", "pulp:repository:r1", "mine");
    }

    @Test
    void givenDuplicateCallerTags_of_keepsEachOnce() {
        TaskSubmission submission = submit("sleep", List.of(), List.of(tag("a"), tag("b"), tag("a")));

        assertThat(submission.tags()).extracting(Tag::value).containsExactly("a", "b", "pulp:action:sleep");
    }

    @Test
    void givenTwoClaimsOnOneResource_of_tagsTheResourceOnce() {
        ResourceClaim readR1 = new ResourceClaim("repository", "r1", ResourceOperation.READ);

        TaskSubmission submission = submit("copy", List.of(updateR1, readR1), List.of());

        assertThat(submission.tags()).extracting(Tag::value)
                .containsExactly("pulp:repository:r1", "pulp:action:copy");
        assertThat(submission.claims()).containsExactly(updateR1, readR1);
    }

    @Test
    void givenMutableClaimsAndTags_constructor_keepsItsOwnCopies() {
        List<ResourceClaim> claims = new ArrayList<>(List.of(updateR1));
        List<Tag> tags = new ArrayList<>(List.of(tag("a")));

        TaskSubmission submission = new TaskSubmission(id, "sync", Map.of(), claims, tags, true, null, T0, null, null);
        claims.add(readC7);
        tags.add(tag("b"));

        assertThat(submission.claims()).containsExactly(updateR1);
        assertThat(submission.tags()).containsExactly(tag("a"));
    }

    @Test
    void givenNoTimeout_isAcceptedAsNoLimit() {
        TaskSubmission submission = aSubmission().buildSubmission();

        assertThat(submission.timeout()).isNull();
        assertThat(submission.admit(1, new Admission.Accepted()).timeLimit()).isEmpty();
    }

    @Test
    void givenAcceptedAdmission_admit_givesAWaitingAcceptedTaskCarryingTheSubmission() {
        TaskSubmission submission = TaskSubmission.of(id, "sync", Map.of("full", true), List.of(updateR1),
                List.of(tag("team:ops")), false, Duration.ofMinutes(10), T0, "alice");

        Task task = submission.admit(42, new Admission.Accepted());

        assertThat(task.id()).isEqualTo(id);
        assertThat(task.operation()).isEqualTo("sync");
        assertThat(task.args()).isEqualTo(Map.of("full", true));
        assertThat(task.claims()).containsExactly(updateR1);
        assertThat(task.tags()).isEqualTo(submission.tags());
        assertThat(task.cancellable()).isFalse();
        assertThat(task.timeLimit()).contains(Duration.ofMinutes(10));
        assertThat(task.position()).isEqualTo(42);
        assertThat(task.response()).isEqualTo(CallResponse.ACCEPTED);
        assertThat(task.reasons()).isEmpty();
        assertThat(task.state()).isEqualTo(TaskState.WAITING);
        assertThat(task.progress()).isEmpty();
        assertThat(task.result()).isNull();
        assertThat(task.exception()).isNull();
        assertThat(task.traceback()).isNull();
        assertThat(task.jobId()).isNull();
        assertThat(task.scheduleId()).isNull();
        assertThat(task.submitTime()).isEqualTo(T0);
        assertThat(task.submitter()).isEqualTo("alice");
        assertThat(task.isSubmittedBy("alice")).isTrue();
        assertThat(task.isSubmittedBy("bob")).isFalse();
        assertThat(task.startTime()).isNull();
        assertThat(task.finishTime()).isNull();
        assertThat(task.holdsClaims()).isTrue();
        assertThat(task.version()).isZero();
    }

    @Test
    void givenPostponedAdmission_admit_givesAWaitingPostponedTaskWithReasons() {
        ResourceClaim heldUpdate = new ResourceClaim("repository", "r1", ResourceOperation.UPDATE);
        TaskSubmission submission = submit("sync", List.of(updateR1), List.of());

        Task task = submission.admit(2, new Admission.Postponed(List.of(heldUpdate)));

        assertThat(task.state()).isEqualTo(TaskState.WAITING);
        assertThat(task.response()).isEqualTo(CallResponse.POSTPONED);
        assertThat(task.reasons()).containsExactly(heldUpdate);
        assertThat(task.position()).isEqualTo(2);
    }

    @Test
    void givenRejectedAdmission_admit_refusesWithTheReasons() {
        ResourceClaim heldDelete = new ResourceClaim("repository", "r1", ResourceOperation.DELETE);
        TaskSubmission submission = submit("sync", List.of(updateR1), List.of());

        assertThatThrownBy(() -> submission.admit(3, new Admission.Rejected(List.of(heldDelete))))
                .isInstanceOfSatisfying(CallRejectedException.class,
                        refusal -> assertThat(refusal.reasons()).containsExactly(heldDelete))
                .hasMessageContaining("delete of repository r1");
    }

    @Test
    void givenMatrixDecision_admit_turnsItIntoTheMatchingTask() {
        ResourceClaim heldRead = new ResourceClaim("repository", "r1", ResourceOperation.READ);
        List<ResourceClaim> held = List.of(heldRead);
        TaskSubmission submission = submit("sync", List.of(updateR1), List.of());

        Task task = submission.admit(5, ConflictMatrix.decide(held, submission.claims()));

        assertThat(task.response()).isEqualTo(CallResponse.POSTPONED);
        assertThat(task.reasons()).containsExactly(heldRead);
    }

    @Test
    void givenGroup_inGroup_givesATaskCarryingTheGroupAsItsJobId() {
        TaskGroupId group = TaskGroupId.random();
        TaskSubmission alone = submit("sync", List.of(updateR1), List.of());

        TaskSubmission inGroup = alone.inGroup(group);

        assertThat(inGroup.group()).isEqualTo(group);
        assertThat(inGroup.id()).isEqualTo(alone.id());
        assertThat(inGroup.claims()).isEqualTo(alone.claims());
        assertThat(inGroup.tags()).isEqualTo(alone.tags());
        assertThat(inGroup.admit(1, new Admission.Accepted()).jobId()).isEqualTo(group.toString());
        assertThat(alone.admit(1, new Admission.Accepted()).jobId()).isNull();
    }

    @Test
    void givenCallsOnOneResource_admitInOrder_decidesEachBesideTheHeldClaimsAndTheCallsBeforeIt() {
        ResourceClaim heldRead = new ResourceClaim("repository", "r1", ResourceOperation.READ);
        ResourceClaim readR1 = new ResourceClaim("repository", "r1", ResourceOperation.READ);
        List<TaskSubmission> calls = List.of(
                aSubmission().claiming("repository", "r2", ResourceOperation.CREATE).buildSubmission(),
                aSubmission().claiming("repository", "r1", ResourceOperation.READ).buildSubmission(),
                aSubmission().claiming("repository", "r1", ResourceOperation.UPDATE).buildSubmission(),
                aSubmission().claiming("repository", "r2", ResourceOperation.READ).buildSubmission());

        List<Task> tasks = TaskSubmission.admitInOrder(calls, List.of(heldRead));

        assertThat(tasks).extracting(Task::id).containsExactly(
                calls.get(0).id(), calls.get(1).id(), calls.get(2).id(), calls.get(3).id());
        assertThat(tasks).extracting(Task::response).containsExactly(CallResponse.ACCEPTED, CallResponse.ACCEPTED,
                CallResponse.POSTPONED, CallResponse.POSTPONED);
        assertThat(tasks.get(2).reasons()).as("the held read and the group's own read are one claim")
                .containsExactly(readR1);
        assertThat(tasks.get(3).reasons()).as("behind the group's own create")
                .containsExactly(new ResourceClaim("repository", "r2", ResourceOperation.CREATE));
        assertThat(tasks).allMatch(task -> task.state() == TaskState.WAITING);
    }

    @Test
    void givenThirdCallRejectedByAnEarlierCallOfTheGroup_admitInOrder_namesItsIndexAndReasons() {
        ResourceClaim createR1 = new ResourceClaim("repository", "r1", ResourceOperation.CREATE);
        List<TaskSubmission> calls = List.of(
                aSubmission().claiming("repository", "r1", ResourceOperation.CREATE).buildSubmission(),
                aSubmission().claiming("repository", "r1", ResourceOperation.READ).buildSubmission(),
                aSubmission().claiming("repository", "r1", ResourceOperation.CREATE).buildSubmission());

        assertThatThrownBy(() -> TaskSubmission.admitInOrder(calls, List.of()))
                .isInstanceOfSatisfying(CallRejectedException.class, refusal -> {
                    assertThat(refusal.callIndex()).hasValue(2);
                    assertThat(refusal.reasons()).containsExactly(createR1);
                })
                .hasMessage("calls[2] rejected: it conflicts with a pending create of repository r1;"
                        + " no call of the group was queued");
    }

    @Test
    void givenCallRejectedByAHeldClaim_admitInOrder_namesItsIndex_andASingleRejectionNamesNone() {
        ResourceClaim heldDelete = new ResourceClaim("repository", "r1", ResourceOperation.DELETE);
        List<TaskSubmission> calls = List.of(
                aSubmission().claiming("repository", "r1", ResourceOperation.UPDATE).buildSubmission());

        assertThatThrownBy(() -> TaskSubmission.admitInOrder(calls, List.of(heldDelete)))
                .isInstanceOfSatisfying(CallRejectedException.class,
                        refusal -> assertThat(refusal.callIndex()).hasValue(0));
        assertThat(new CallRejectedException(List.of(heldDelete)).callIndex()).isEmpty();
    }

    private TaskSubmission submit(String operation, List<ResourceClaim> claims, List<Tag> callerTags) {
        return TaskSubmission.of(id, operation, Map.of(), claims, callerTags, true, null, T0, null);
    }

    private static Tag tag(String value) {
        return Tag.of(value);
    }
}
