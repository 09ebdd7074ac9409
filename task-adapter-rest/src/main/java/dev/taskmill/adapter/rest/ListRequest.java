package dev.taskmill.adapter.rest;

import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskState;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The query of {@code GET /v2/tasks/}: {@code tag} and {@code state} (repeatable),
 * {@code limit} (1 to {@value ListTasksQuery#MAX_LIMIT}, absent for every match) and
 * {@code after} (the position to continue from).
 */
record ListRequest(TaskFilter filter, long after, OptionalInt limit) {

    static ListRequest parse(MultivaluedMap<String, String> query) {
        Set<Tag> tags = new LinkedHashSet<>();
        for (String value : values(query, "tag")) {
            try {
                tags.add(new Tag(value)); // automatic tags of long resource names exceed a caller's 255
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.badRequest("Query parameter 'tag': " + e.getMessage());
            }
        }
        List<String> stateNames = values(query, "state");
        Set<TaskState> states = new LinkedHashSet<>();
        for (String name : stateNames) {
            try {
                states.add(TaskState.fromWireName(name));
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.badRequest("Query parameter 'state': " + e.getMessage()
                        + "; known states: waiting, running, finished, error, canceled, timed out, skipped");
            }
        }
        TaskFilter filter = stateNames.isEmpty() ? TaskFilter.incomplete(tags) : new TaskFilter(tags, states);
        return new ListRequest(filter, after(query), limit(query));
    }

    private static OptionalInt limit(MultivaluedMap<String, String> query) {
        String text = single(query, "limit");
        if (text == null) {
            return OptionalInt.empty();
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > ListTasksQuery.MAX_LIMIT) {
            throw InvalidRequestException.badRequest("Query parameter 'limit' must be an integer from 1 to "
                    + ListTasksQuery.MAX_LIMIT + ", not '" + text + "'");
        }
        return OptionalInt.of(limit);
    }

    private static long after(MultivaluedMap<String, String> query) {
        String text = single(query, "after");
        if (text == null) {
            return 0;
        }
        long after;
        try {
            after = Long.parseLong(text);
        } catch (NumberFormatException e) {
            after = -1;
        }
        if (after < 0) {
            throw InvalidRequestException.badRequest(
                    "Query parameter 'after' must be a non-negative integer, not '" + text + "'");
        }
        return after;
    }

    private static List<String> values(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        return values == null ? List.of() : values;
    }

    private static String single(MultivaluedMap<String, String> query, String name) {
        List<String> values = values(query, name);
        if (values.size() > 1) {
            throw InvalidRequestException.badRequest("Query parameter '" + name + "' may be given only once");
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
