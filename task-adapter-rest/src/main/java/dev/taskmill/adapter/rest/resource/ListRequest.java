package dev.taskmill.adapter.rest.resource;

import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskState;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The query of {@code GET /v2/tasks/}: {@code tag} and {@code state} (repeatable),
 * {@code limit} (absent for every match) and {@code after} (the position to continue from).
 * This parses their text; {@link ListTasksQuery} checks their bounds.
 *
 * @param firstPage the query of the first page asked for
 * @param everyPage whether every match is asked for rather than one page ({@code limit} absent)
 */
record ListRequest(ListTasksQuery firstPage, boolean everyPage) {

    private static final List<String> PARAMETERS = List.of("after", "limit", "state", "tag");
    private static final String KNOWN_STATES = String.join(", ",
            Arrays.stream(TaskState.values()).map(TaskState::wireName).toList());

    static ListRequest parse(MultivaluedMap<String, String> query) {
        requireOnly(query, PARAMETERS);
        TaskFilter filter = filter(query);
        String limit = single(query, "limit");
        long after = number(single(query, "after"), 0, Long::parseLong, ListTasksQuery.AFTER_RULE);
        int pageSize = (int) number(limit, ListTasksQuery.MAX_LIMIT, Integer::parseInt, ListTasksQuery.LIMIT_RULE);
        try {
            return new ListRequest(new ListTasksQuery(filter, after, pageSize), limit == null);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.badRequest("Query parameter " + e.getMessage());
        }
    }

    private static TaskFilter filter(MultivaluedMap<String, String> query) {
        Set<Tag> tags = tags(query);
        Set<TaskState> states = states(query);
        return states.isEmpty() ? TaskFilter.incomplete(tags) : new TaskFilter(tags, states);
    }

    /** Refuses a query parameter not among {@code accepted}. */
    static void requireOnly(MultivaluedMap<String, String> query, List<String> accepted) {
        for (String name : new TreeSet<>(query.keySet())) {
            if (!accepted.contains(name)) {
                throw InvalidRequestException.badRequest("Unknown query parameter '" + name
                        + "'; accepted parameters: " + String.join(", ", accepted));
            }
        }
    }

    /** The {@code tag} parameters, each a valid tag. */
    static Set<Tag> tags(MultivaluedMap<String, String> query) {
        Set<Tag> tags = new LinkedHashSet<>();
        for (String value : values(query, "tag")) {
            try {
                tags.add(new Tag(value)); // automatic tags of long resource names exceed a caller's 255
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.badRequest("Query parameter 'tag': " + e.getMessage());
            }
        }
        return tags;
    }

    /** The {@code state} parameters, each a state's wire name; none if none is given. */
    static Set<TaskState> states(MultivaluedMap<String, String> query) {
        Set<TaskState> states = new LinkedHashSet<>();
        for (String name : values(query, "state")) {
            try {
                states.add(TaskState.fromWireName(name));
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.badRequest("Query parameter 'state': " + e.getMessage()
                        + "; known states: " + KNOWN_STATES);
            }
        }
        return states;
    }

    /** The integer {@code text} stands for, or {@code absent}; text that is none breaks {@code rule}. */
    private static long number(String text, long absent, ToLongFunction<String> parse, String rule) {
        if (text == null) {
            return absent;
        }
        try {
            return parse.applyAsLong(text);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.badRequest("Query parameter " + rule + ", not '" + text + "'");
        }
    }

    private static List<String> values(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        return values == null ? List.of() : values;
    }

    static String single(MultivaluedMap<String, String> query, String name) {
        List<String> values = values(query, name);
        if (values.size() > 1) {
            throw InvalidRequestException.badRequest("Query parameter '" + name + "' may be given only once");
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
