package dev.taskmill.application.port.in;

import dev.taskmill.domain.TaskCondition;
import dev.taskmill.domain.TaskSearch.SortKey;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a search asks for: the tasks satisfying {@code condition} in {@code order} (admission
 * order after it), from the {@code skip}-th on, at most {@code limit} of them, or every match
 * when {@code limit} is empty, as long as they are at most {@link #MAX_LIMIT}.
 * {@link SearchCriteria} makes one from Pulp 2's criteria; this record owns the bounds.
 */
public record SearchTasksQuery(TaskCondition condition, List<SortKey> order, long skip, OptionalInt limit) {

    /** The most reports one search returns. */
    public static final int MAX_LIMIT = 10_000;

    /** @throws InvalidCriteriaException if {@code skip} or {@code limit} is out of bounds */
    public SearchTasksQuery {
        Objects.requireNonNull(condition, "condition");
        order = List.copyOf(order);
        Objects.requireNonNull(limit, "limit");
        if (skip < 0) {
            throw new InvalidCriteriaException("'skip' must be a non-negative integer, not " + skip);
        }
        if (limit.isPresent() && (limit.getAsInt() < 1 || limit.getAsInt() > MAX_LIMIT)) {
            throw new InvalidCriteriaException("'limit' must be an integer from 1 to " + MAX_LIMIT
                    + ", not " + limit.getAsInt());
        }
    }

    /** Every task, oldest first, as many as fit in one answer. */
    public static SearchTasksQuery everything() {
        return new SearchTasksQuery(TaskCondition.everything(), List.of(), 0, OptionalInt.empty());
    }
}
