package dev.taskmill.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A validated call on its way into a repository, which admits it with {@link #admit}. The
 * submitting side has validated it: its arguments are an immutable copy made with
 * {@link JsonValues#copyOfObject} and its time limit is positive.
 *
 * @param tags the caller's tags followed by the automatic {@code pulp:} tags, each once
 * @param timeout the time limit of a run, or {@code null} for none
 * @param submitter the name of the submitting user, or {@code null} without authentication
 * @param group the task group the call belongs to, or {@code null} for a call submitted alone
 */
public record TaskSubmission(
        TaskId id,
        String operation,
        Map<String, Object> args,
        List<ResourceClaim> claims,
        List<Tag> tags,
        boolean cancellable,
        Duration timeout,
        Instant submitTime,
        String submitter,
        TaskGroupId group) {

    public TaskSubmission {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(args, "args");
        claims = List.copyOf(claims);
        tags = List.copyOf(tags);
        Objects.requireNonNull(submitTime, "submitTime");
    }

    /**
     * A submission carrying the caller's tags plus {@code pulp:<type>:<id>} for each claimed
     * resource and {@code pulp:action:<operation>}.
     */
    public static TaskSubmission of(TaskId id, String operation, Map<String, Object> args, List<ResourceClaim> claims,
            List<Tag> callerTags, boolean cancellable, Duration timeout, Instant submitTime, String submitter) {
        Set<Tag> tags = new LinkedHashSet<>(callerTags);
        for (ResourceClaim claim : claims) {
            tags.add(Tag.forResource(claim));
        }
        tags.add(Tag.forAction(operation));
        return new TaskSubmission(id, operation, args, claims, new ArrayList<>(tags),
                cancellable, timeout, submitTime, submitter, null);
    }

    /** This call as one of the task group {@code groupId}, whose id its task carries as {@code job_id}. */
    public TaskSubmission inGroup(TaskGroupId groupId) {
        Objects.requireNonNull(groupId, "groupId");
        return new TaskSubmission(id, operation, args, claims, tags, cancellable, timeout, submitTime, submitter,
                groupId);
    }

    /**
     * The waiting tasks that {@code submissions} become when admitted together, in order: each
     * is decided by the matrix beside the claims {@code held} by earlier tasks and the claims of
     * the submissions before it, as if each had been admitted alone right after those. The tasks
     * have position 0; the store gives them theirs, increasing in this order.
     *
     * @param held the claims earlier tasks still hold on the resources the submissions claim
     *        (claims on other resources are ignored), in the order they were taken
     * @throws CallRejectedException naming the index of the first submission the matrix rejects
     */
    public static List<Task> admitInOrder(List<TaskSubmission> submissions, Collection<ResourceClaim> held) {
        // each resource has at most one held claim per operation: a decision looks at a few claims only
        Map<ResourceKey, Set<ResourceClaim>> heldByKey = new HashMap<>();
        for (ResourceClaim claim : held) {
            heldByKey.computeIfAbsent(claim.key(), key -> new LinkedHashSet<>()).add(claim);
        }
        List<Task> tasks = new ArrayList<>(submissions.size());
        for (int i = 0; i < submissions.size(); i++) {
            TaskSubmission submission = submissions.get(i);
            Set<ResourceClaim> relevant = new LinkedHashSet<>();
            for (ResourceClaim claim : submission.claims()) {
                relevant.addAll(heldByKey.getOrDefault(claim.key(), Set.of()));
            }
            Admission admission = ConflictMatrix.decide(relevant, submission.claims());
            if (admission instanceof Admission.Rejected rejected) {
                throw new CallRejectedException(rejected.reasons(), i);
            }
            tasks.add(submission.admit(0, admission));
            for (ResourceClaim claim : submission.claims()) {
                heldByKey.computeIfAbsent(claim.key(), key -> new LinkedHashSet<>()).add(claim);
            }
        }
        return tasks;
    }

    /**
     * The waiting task this submission becomes under the matrix's {@code admission}.
     *
     * @throws CallRejectedException if the admission rejected the call
     */
    public Task admit(long position, Admission admission) {
        if (admission instanceof Admission.Rejected rejected) {
            throw new CallRejectedException(rejected.reasons());
        }
        if (admission instanceof Admission.Postponed postponed) {
            return waiting(position, CallResponse.POSTPONED, postponed.reasons());
        }
        return waiting(position, CallResponse.ACCEPTED, List.of());
    }

    private Task waiting(long position, CallResponse response, List<ResourceClaim> reasons) {
        String jobId = group == null ? null : group.toString();
        return new Task(id, operation, args, claims, tags, cancellable, timeout, jobId, null, position, response,
                reasons, TaskState.WAITING, Map.of(), null, null, null, null, submitTime, submitter, null, null, null, false, 0);
    }
}
