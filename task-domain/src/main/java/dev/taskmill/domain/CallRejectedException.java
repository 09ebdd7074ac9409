package dev.taskmill.domain;

import java.util.List;

/** Thrown when a call's claims conflict with an earlier task in a way the matrix rejects. */
public class CallRejectedException extends TaskDomainException {

    private final List<ResourceClaim> reasons;

    public CallRejectedException(List<ResourceClaim> reasons) {
        super("Call rejected: it conflicts with " + describe(reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** The conflicting claims held by earlier incomplete tasks. */
    public List<ResourceClaim> reasons() {
        return reasons;
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
