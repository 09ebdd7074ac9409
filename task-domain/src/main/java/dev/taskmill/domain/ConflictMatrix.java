package dev.taskmill.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pulp's resource conflict matrix, as a pure function.
 *
 * <p>Rows are the operation of an earlier task that still holds a claim on a resource,
 * columns the operation of a new call claiming the same resource.
 */
public final class ConflictMatrix {

    private ConflictMatrix() {
    }

    /** The cell of the matrix for an earlier task's operation and a new call's operation. */
    public static ConflictOutcome outcome(ResourceOperation earlier, ResourceOperation later) {
        return switch (earlier) {
            case CREATE -> later == ResourceOperation.CREATE ? ConflictOutcome.REJECTED : ConflictOutcome.POSTPONED;
            case READ -> later == ResourceOperation.READ ? ConflictOutcome.ACCEPTED : ConflictOutcome.POSTPONED;
            case UPDATE -> later == ResourceOperation.READ ? ConflictOutcome.ACCEPTED : ConflictOutcome.POSTPONED;
            case DELETE -> later == ResourceOperation.CREATE ? ConflictOutcome.POSTPONED : ConflictOutcome.REJECTED;
        };
    }

    /**
     * Whether a call's {@code later} claim must wait for an earlier task's {@code earlier}
     * claim on the same resource to be released: any cell but accepted.
     */
    public static boolean conflicts(ResourceOperation earlier, ResourceOperation later) {
        return outcome(earlier, later) != ConflictOutcome.ACCEPTED;
    }

    /**
     * Decides whether a call with {@code claims} is accepted, postponed or rejected beside
     * the claims that earlier tasks still hold.
     *
     * <p>Any rejected cell rejects the call; otherwise any postponed cell postpones it until
     * no earlier task holds a conflicting claim. Reasons list each conflicting held claim once,
     * however many tasks hold it.
     */
    public static Admission decide(Collection<ResourceClaim> held, Collection<ResourceClaim> claims) {
        Set<ResourceClaim> rejections = new LinkedHashSet<>();
        Set<ResourceClaim> postponements = new LinkedHashSet<>();
        for (ResourceClaim claim : claims) {
            for (ResourceClaim earlier : held) {
                if (!earlier.key().equals(claim.key())) {
                    continue;
                }
                switch (outcome(earlier.operation(), claim.operation())) {
                    case REJECTED -> rejections.add(earlier);
                    case POSTPONED -> postponements.add(earlier);
                    case ACCEPTED -> {
                    }
                }
            }
        }
        if (!rejections.isEmpty()) {
            return new Admission.Rejected(new ArrayList<>(rejections));
        }
        if (!postponements.isEmpty()) {
            return new Admission.Postponed(List.copyOf(postponements));
        }
        return new Admission.Accepted();
    }
}
