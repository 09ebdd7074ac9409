package dev.taskmill.domain;

import java.util.List;
import java.util.OptionalInt;

/**
 * Thrown when a call's claims conflict with an earlier task in a way the matrix rejects; for
 * calls admitted together (a task group), it names the call rejected by its index.
 */
public class CallRejectedException extends TaskDomainException {

    private static final int SINGLE_CALL = -1;

    private final List<ResourceClaim> reasons;
    private final int callIndex;

    public CallRejectedException(List<ResourceClaim> reasons) {
        this(reasons, SINGLE_CALL);
    }

    /**
     * The rejection of the call at {@code callIndex} (from 0) of calls admitted together: none
     * of them is admitted.
     */
    public CallRejectedException(List<ResourceClaim> reasons, int callIndex) {
        super(callIndex == SINGLE_CALL ? "Call rejected: it conflicts with " + describe(reasons)
                : "calls[" + requireIndex(callIndex) + "] rejected: it conflicts with " + describe(reasons)
                        + "; no call of the group was queued");
        this.reasons = List.copyOf(reasons);
        this.callIndex = callIndex;
    }

    /** The conflicting claims held by earlier incomplete tasks (or earlier calls of the same group). */
    public List<ResourceClaim> reasons() {
        return reasons;
    }

    /** The index (from 0) of the rejected call among calls admitted together; empty for a single call. */
    public OptionalInt callIndex() {
        return callIndex == SINGLE_CALL ? OptionalInt.empty() : OptionalInt.of(callIndex);
    }

    private static int requireIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("a call's index is not negative");
        }
        return index;
    }

    private static String describe(List<ResourceClaim> reasons) {
        StringBuilder text = new StringBuilder();
        for (ResourceClaim claim : reasons) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(claim.operation().wireName()).append(" of ")
                    .append(claim.resourceType()).append(' ').append(claim.resourceId());
        }
        return "a pending " + text;
    }
}
