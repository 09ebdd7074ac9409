package dev.taskmill.domain;

import java.util.List;
import java.util.Objects;

/** The conflict matrix's verdict on a new call. */
public sealed interface Admission {

    /** No conflict: the call may start as soon as a worker is free. */
    record Accepted() implements Admission {
    }

    /**
     * The call conflicts with claims that earlier tasks hold, and waits until none of those
     * tasks holds a claim it conflicts with.
     *
     * @param reasons the conflicting claims held by the earlier tasks, in the order they were found
     */
    record Postponed(List<ResourceClaim> reasons) implements Admission {
        public Postponed {
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a postponed call has reasons");
            }
        }
    }

    /** The call may not be queued at all. */
    record Rejected(List<ResourceClaim> reasons) implements Admission {
        public Rejected {
            reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
        }
    }
}
