package dev.taskmill.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        String submitter) {

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
                cancellable, timeout, submitTime, submitter);
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
        return new Task(id, operation, args, claims, tags, cancellable, timeout, null, null, position, response,
                reasons, TaskState.WAITING, Map.of(), null, null, null, null, submitTime, submitter, null, null, null, false, 0);
    }
}
