package dev.taskmill.domain;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The conflict matrix's verdict on a new call. */
public sealed interface Admission {

    /** No conflict: the call may start as soon as a worker is free. */
    record Accepted() implements Admission {
    }

    /**
     * The call conflicts with earlier tasks and waits until every one of {@code blockers}
     * has released its claims.
     *
     * @param reasons the conflicting claims held by the earlier tasks, in the order they were found
     * @param blockers the ids of the earlier tasks it waits for
     */
    record Postponed(List<ResourceClaim> reasons, Set<TaskId> blockers) implements Admission {
        public Postponed {
            reasons = List.copyOf(reasons);
            blockers = Set.copyOf(blockers);
            if (reasons.isEmpty() || blockers.isEmpty()) {
                throw new IllegalArgumentException("a postponed call has reasons and blockers");
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
