package dev.taskmill.adapter.postgres;

import dev.taskmill.domain.SearchField;
import dev.taskmill.domain.TaskCondition;
import dev.taskmill.domain.TaskCondition.After;
import dev.taskmill.domain.TaskCondition.All;
import dev.taskmill.domain.TaskCondition.Any;
import dev.taskmill.domain.TaskCondition.Before;
import dev.taskmill.domain.TaskCondition.Bound;
import dev.taskmill.domain.TaskCondition.ContainsAll;
import dev.taskmill.domain.TaskCondition.Equal;
import dev.taskmill.domain.TaskCondition.Matches;
import dev.taskmill.domain.TaskCondition.Not;
import dev.taskmill.domain.TaskCondition.OneOf;
import dev.taskmill.domain.TaskCondition.Present;
import dev.taskmill.domain.TaskCondition.SubmittedBy;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSearch;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link TaskSearch} as one SQL statement: its condition a {@code WHERE} clause whose every
 * value is a parameter, with the meaning {@link TaskCondition#test} gives it. Negations are
 * pushed down to the tests of single fields, each written so that a column without a value
 * counts as MongoDB counts a missing field; the positive tests stay the plain comparisons
 * ({@code =}, {@code = ANY}, {@code @>}, {@code &&}) the indexes serve.
 */
final class TaskSearchSql {

    /** What reports show of a time, milliseconds, in the nanoseconds a time column holds. */
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final StringBuilder sql = new StringBuilder();
    private final List<Parameter> parameters = new ArrayList<>();

    private TaskSearchSql() {
    }

    /** A value to bind. */
    private interface Parameter {
        void bind(Connection connection, PreparedStatement statement, int index) throws SQLException;
    }

    /**
     * The search's statement, after {@code prefix} (such as {@code EXPLAIN}), its parameters
     * bound; {@link TaskListing#listed} runs it. Planned for its values at each run, as the listing is.
     */
    static PreparedStatement prepare(Connection connection, String prefix, TaskSearch search) throws SQLException {
        TaskSearchSql built = new TaskSearchSql();
        built.sql.append("SELECT set_config('plan_cache_mode', 'force_custom_plan', true); ").append(prefix)
                .append("SELECT ").append(TaskRows.COLUMNS).append(" FROM task WHERE ");
        built.condition(search.condition(), false);
        built.sql.append(" ORDER BY ");
        for (TaskSearch.SortKey key : search.order()) {
            built.sql.append(sortColumn(key.field()))
                    .append(key.descending() ? " DESC NULLS LAST, " : " ASC NULLS FIRST, ");
        }
        built.sql.append("position OFFSET ? LIMIT ?");
        built.parameters.add((c, statement, index) -> statement.setLong(index, search.skip()));
        built.parameters.add((c, statement, index) -> statement.setInt(index, search.limit()));
        PreparedStatement statement = connection.prepareStatement(built.sql.toString());
        try {
            for (int i = 0; i < built.parameters.size(); i++) {
                built.parameters.get(i).bind(connection, statement, i + 1);
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    /** Appends {@code condition}, or its negation when {@code negated}; never NULL where it must be true. */
    private void condition(TaskCondition condition, boolean negated) {
        if (condition instanceof All all) {
            combine(all.parts(), negated ? " OR " : " AND ", negated, !negated);
        } else if (condition instanceof Any any) {
            combine(any.parts(), negated ? " AND " : " OR ", negated, negated);
        } else if (condition instanceof Not not) {
            condition(not.part(), !negated);
        } else if (condition instanceof Equal equal) {
            equal(equal.field(), equal.value(), negated);
        } else if (condition instanceof OneOf oneOf) {
            oneOf(oneOf, negated);
        } else if (condition instanceof Present present) {
            if (present.field().kind() == SearchField.Kind.TEXT_LIST) {
                constant(!negated);
            } else {
                sql.append(column(present.field())).append(negated ? " IS NULL" : " IS NOT NULL");
            }
        } else if (condition instanceof After after) {
            time(after.field(), after.instant(), after.bound() == Bound.INCLUSIVE, true, negated);
        } else if (condition instanceof Before before) {
            time(before.field(), before.instant(), before.bound() == Bound.INCLUSIVE, false, negated);
        } else if (condition instanceof Matches matches) {
            matches(matches, negated);
        } else if (condition instanceof ContainsAll all) {
            sql.append(negated ? "NOT (tags @> ?)" : "tags @> ?");
            texts(all.values());
        } else if (condition instanceof SubmittedBy submitted) {
            sql.append(negated ? "(submitter IS NULL OR submitter <> ?)" : "submitter = ?");
            text(submitted.user());
        } else {
            throw new IllegalArgumentException("Unknown condition " + condition);
        }
    }

    private void combine(List<TaskCondition> parts, String operator, boolean negated, boolean whenEmpty) {
        if (parts.isEmpty()) {
            constant(whenEmpty);
            return;
        }
        sql.append('(');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sql.append(operator);
            }
            condition(parts.get(i), negated);
        }
        sql.append(')');
    }

    private void equal(SearchField field, Object value, boolean negated) {
        if (field.kind() == SearchField.Kind.TEXT_LIST) {
            if (value == null) {
                constant(negated); // a list is never missing
            } else if (value instanceof List<?> whole) {
                sql.append(negated ? "tags <> ?" : "tags = ?");
                texts(whole.stream().map(String.class::cast).toList());
            } else {
                sql.append(negated ? "NOT (tags @> ?)" : "tags @> ?");
                texts(List.of((String) value));
            }
            return;
        }
        String column = column(field);
        if (value == null) {
            sql.append(column).append(negated ? " IS NOT NULL" : " IS NULL");
        } else if (field.kind() == SearchField.Kind.TIME) {
            Instant instant = (Instant) value;
            if (!instant.equals(instant.truncatedTo(ChronoUnit.MILLIS))) {
                constant(negated); // a reported time has no part of a millisecond
                return;
            }
            // the reported millisecond: from its first nanosecond to the next millisecond's
            sql.append(negated ? "(" + column + " IS NULL OR " + column + " < ? OR " + column + " >= ?)"
                    : "(" + column + " >= ? AND " + column + " < ?)");
            long milli = instant.toEpochMilli();
            nanos(milli);
            nanos(milli + 1);
        } else if (field == SearchField.TASK_ID) {
            UUID id = uuid(value);
            if (id == null) {
                constant(negated);
                return;
            }
            sql.append(negated ? "id <> ?" : "id = ?");
            parameters.add((c, statement, index) -> statement.setObject(index, id));
        } else {
            sql.append(negated ? nullable(field, column + " <> ?") : column + " = ?");
            text((String) value);
        }
    }

    private void oneOf(OneOf oneOf, boolean negated) {
        SearchField field = oneOf.field();
        List<Object> values = oneOf.values().stream().filter(Objects::nonNull).toList();
        boolean withNull = values.size() < oneOf.values().size();
        if (field.kind() == SearchField.Kind.TIME) {
            List<TaskCondition> each = new ArrayList<>();
            oneOf.values().forEach(value -> each.add(new Equal(field, value)));
            condition(new Any(each), negated);
            return;
        }
        if (field.kind() == SearchField.Kind.TEXT_LIST) {
            sql.append(negated ? "NOT (tags && ?)" : "tags && ?");
            texts(values.stream().map(String.class::cast).toList());
            return;
        }
        String column = column(field);
        if (negated) {
            sql.append('(').append(column).append(withNull ? " IS NOT NULL AND " : " IS NULL OR ").append(column)
                    .append(" <> ALL (?))");
        } else {
            sql.append('(').append(column).append(" = ANY (?)").append(withNull ? " OR " + column + " IS NULL)" : ")");
        }
        if (field == SearchField.TASK_ID) {
            UUID[] ids = values.stream().map(TaskSearchSql::uuid).filter(Objects::nonNull).toArray(UUID[]::new);
            parameters.add((connection, statement, index) -> statement.setArray(index,
                    connection.createArrayOf("uuid", ids)));
        } else {
            texts(values.stream().map(String.class::cast).toList());
        }
    }

    /**
     * A time compared in order: the reported millisecond {@code S} of the column against
     * {@code instant}, as a bound on the nanoseconds the column holds.
     */
    private void time(SearchField field, Instant instant, boolean inclusive, boolean after, boolean negated) {
        long milli = instant.toEpochMilli();
        boolean whole = instant.equals(instant.truncatedTo(ChronoUnit.MILLIS));
        // S > t and S >= t (t not whole): S >= milli + 1; S >= t (t whole): S >= milli.
        // S < t (t whole): S < milli; S < t (t not whole) and S <= t: S < milli + 1.
        long first = after ? (inclusive && whole ? milli : milli + 1) : (!inclusive && whole ? milli : milli + 1);
        String column = column(field);
        String comparison = column + (after ? " >= ?" : " < ?");
        String opposite = column + (after ? " < ?" : " >= ?");
        sql.append(negated ? "(" + column + " IS NULL OR " + opposite + ")" : comparison);
        nanos(first);
    }

    private void matches(Matches matches, boolean negated) {
        String operator = matches.ignoresCase() ? "~*" : "~";
        if (matches.field().kind() == SearchField.Kind.TEXT_LIST) {
            sql.append(negated ? "NOT " : "").append("EXISTS (SELECT FROM unnest(tags) AS tag WHERE tag ")
                    .append(operator).append(" ?)");
        } else {
            String column = matches.field() == SearchField.TASK_ID ? "id::text" : column(matches.field());
            sql.append(negated ? "(" + column + " IS NULL OR " + column + " !" + operator + " ?)"
                    : column + " " + operator + " ?");
        }
        text(matches.pattern().pattern());
    }

    private String nullable(SearchField field, String comparison) {
        String column = column(field);
        return switch (field) {
            case WORKER_NAME, TASK_GROUP_ID, SCHEDULE_ID -> "(" + column + " IS NULL OR " + comparison + ")";
            default -> comparison;
        };
    }

    private static String column(SearchField field) {
        return switch (field) {
            case TASK_ID -> "id";
            case STATE -> "state";
            case TAGS -> "tags";
            case TASK_TYPE -> "operation";
            case WORKER_NAME -> "worker_name";
            case TASK_GROUP_ID -> "job_id";
            case SCHEDULE_ID -> "schedule_id";
            case START_TIME -> "start_nanos";
            case FINISH_TIME -> "finish_nanos";
            case RESPONSE -> "response";
        };
    }

    /** The column a sort reads: times to the reported millisecond, text by code point. */
    private static String sortColumn(SearchField field) {
        return switch (field.kind()) {
            case TIME -> "(" + column(field) + " / " + NANOS_PER_MILLI + ")";
            case TEXT -> field == SearchField.TASK_ID ? "id" : column(field) + " COLLATE \"C\"";
            case TEXT_LIST -> throw new IllegalArgumentException("a list does not sort");
        };
    }

    private void constant(boolean value) {
        sql.append(value ? "TRUE" : "FALSE");
    }

    private void text(String value) {
        parameters.add((c, statement, index) -> statement.setString(index, value));
    }

    private void texts(List<String> values) {
        parameters.add((connection, statement, index) -> statement.setArray(index,
                connection.createArrayOf("text", values.toArray())));
    }

    /** The first nanosecond of {@code milli}, bounded to what a column holds (no time comes near the bounds). */
    private void nanos(long milli) {
        BigInteger exact = BigInteger.valueOf(milli).multiply(BigInteger.valueOf(NANOS_PER_MILLI));
        long bounded = exact.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE))
                .longValueExact();
        parameters.add((c, statement, index) -> statement.setLong(index, bounded));
    }

    private static UUID uuid(Object value) {
        try {
            return TaskId.parse((String) value).value();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
