package dev.taskmill.application.port.in;

import dev.taskmill.domain.TaskFilter;
import java.util.Objects;

/**
 * Which tasks to list and which page of them. This query is the one owner of the bounds of
 * {@code after} and {@code limit}; a transport parses them and lets this check them.
 *
 * @param after list only tasks admitted after this position (0 for the first page)
 * @param limit the largest number of tasks on the page
 */
public record ListTasksQuery(TaskFilter filter, long after, int limit) {

    /** The largest page a listing returns. */
    public static final int MAX_LIMIT = 1000;
    /** What {@code after} must be, as its refusal says. */
    public static final String AFTER_RULE = "'after' must be a non-negative integer";
    /** What {@code limit} must be, as its refusal says. */
    public static final String LIMIT_RULE = "'limit' must be an integer from 1 to " + MAX_LIMIT;

    /** @throws IllegalArgumentException stating the rule {@code after} or {@code limit} breaks */
    public ListTasksQuery {
        Objects.requireNonNull(filter, "filter");
        if (after < 0) {
            throw new IllegalArgumentException(AFTER_RULE + ", not '" + after + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(LIMIT_RULE + ", not '" + limit + "'");
        }
    }
}
