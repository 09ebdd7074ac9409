package dev.taskmill.application.port.in;

import dev.taskmill.domain.TaskFilter;
import java.util.Objects;

/**
 * Which tasks to list and which page of them.
 *
 * @param after list only tasks admitted after this position (0 for the first page)
 * @param limit the largest number of tasks on the page
 */
public record ListTasksQuery(TaskFilter filter, long after, int limit) {

    /** The largest page a listing returns. */
    public static final int MAX_LIMIT = 1000;

    public ListTasksQuery {
        Objects.requireNonNull(filter, "filter");
        if (after < 0) {
            throw new IllegalArgumentException("after must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
