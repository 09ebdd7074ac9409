package dev.taskmill.application.port.in;

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
import dev.taskmill.domain.TaskSearch.SortKey;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Pulp 2's search criteria, {@code {"filters": {...}, "sort": [["field", "ascending"]], "skip": N,
 * "limit": N}}, read from JSON values ({@code Map}, {@code List}, {@code String}, numbers,
 * {@code Boolean}, {@code null}) into a {@link SearchTasksQuery}. The one owner of the search
 * language: its fields ({@link SearchField}), operators and the values each takes. Filters are
 * MongoDB's query language as Pulp 2 used it: {@code {"field": value}} is equality, {@code
 * {"field": {"$op": value, ...}}} applies every operator given, and {@code $and}, {@code $or},
 * {@code $nor} and {@code $not} combine filters.
 */
public final class SearchCriteria {

    /** The keys criteria may have, besides the transport's own (such as {@code fields}). */
    public static final List<String> KEYS = List.of("filters", "sort", "skip", "limit");
    /** The longest {@code $regex} pattern accepted. */
    static final int MAX_PATTERN_LENGTH = 1_000;

    private static final String FIELDS = Arrays.stream(SearchField.values())
            .flatMap(field -> field.names().stream()).collect(Collectors.joining(", "));
    private static final List<String> FIELD_OPERATORS = List.of("$eq", "$ne", "$in", "$nin", "$exists", "$gt",
            "$gte", "$lt", "$lte", "$regex", "$options", "$all", "$not");
    private static final List<String> COMBINATORS = List.of("$and", "$or", "$nor", "$not");

    private SearchCriteria() {
    }

    /**
     * The query {@code criteria} stands for; keys other than {@link #KEYS} are refused.
     *
     * @throws InvalidCriteriaException naming the first thing that breaks a rule
     */
    public static SearchTasksQuery parse(Map<String, ?> criteria) {
        for (String key : criteria.keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid("Unknown criteria key '" + key + "'; known keys: " + String.join(", ", KEYS));
            }
        }
        TaskCondition condition = criteria.get("filters") == null ? TaskCondition.everything()
                : filter(criteria.get("filters"), "filters");
        List<SortKey> order = criteria.get("sort") == null ? List.of() : sort(criteria.get("sort"));
        long skip = criteria.get("skip") == null ? 0 : integer(criteria.get("skip"), "skip");
        long limit = criteria.get("limit") == null ? 0 : integer(criteria.get("limit"), "limit");
        if (limit < 0 || limit > SearchTasksQuery.MAX_LIMIT) {
            throw invalid("'limit' must be an integer from 0 (no limit) to " + SearchTasksQuery.MAX_LIMIT
                    + ", not " + limit);
        }
        // as in MongoDB, a limit of 0 sets none
        return new SearchTasksQuery(condition, order, skip, limit == 0 ? OptionalInt.empty() : OptionalInt.of((int) limit));
    }

    /** A filter document: every field test and combination in it holds. */
    private static TaskCondition filter(Object value, String where) {
        if (!(value instanceof Map<?, ?> document)) {
            throw invalid("'" + where + "' must be an object, not " + describe(value));
        }
        List<TaskCondition> parts = new ArrayList<>();
        for (Map.Entry<?, ?> entry : document.entrySet()) {
            String key = (String) entry.getKey();
            if (key.startsWith("$")) {
                parts.add(combination(key, entry.getValue(), where));
            } else {
                SearchField field = SearchField.named(key).orElseThrow(() -> invalid("Unknown field '" + key
                        + "' in '" + where + "'; fields: " + FIELDS));
                parts.add(fieldTest(field, key, entry.getValue()));
            }
        }
        return parts.size() == 1 ? parts.get(0) : new All(parts);
    }

    private static TaskCondition combination(String operator, Object value, String where) {
        String at = where + "." + operator;
        switch (operator) {
            case "$and", "$or", "$nor" -> {
                if (!(value instanceof List<?> list) || list.isEmpty()) {
                    throw invalid("'" + at + "' must be a non-empty array of filters, not " + describe(value));
                }
                List<TaskCondition> parts = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    parts.add(filter(list.get(i), at + "[" + i + "]"));
                }
                return switch (operator) {
                    case "$and" -> new All(parts);
                    case "$or" -> new Any(parts);
                    default -> new Not(new Any(parts));
                };
            }
            case "$not" -> {
                return new Not(filter(value, at));
            }
            default -> throw invalid("Unknown operator '" + operator + "' in '" + where + "'; combining operators: "
                    + String.join(", ", COMBINATORS) + "; a field's operators go under the field");
        }
    }

    /** {@code value} given for {@code field} (called {@code name}): a value to equal, or operators. */
    private static TaskCondition fieldTest(SearchField field, String name, Object value) {
        if (value instanceof Map<?, ?> operators && !operators.isEmpty()
                && operators.keySet().stream().allMatch(key -> ((String) key).startsWith("$"))) {
            return operators(field, name, operators);
        }
        if (value instanceof Map<?, ?>) {
            throw invalid("'" + name + "' takes a value or an object of operators (" + String.join(", ", FIELD_OPERATORS)
                    + "), not " + describe(value));
        }
        return new Equal(field, equalValue(field, name, value));
    }

    private static TaskCondition operators(SearchField field, String name, Map<?, ?> operators) {
        List<TaskCondition> parts = new ArrayList<>();
        Object options = operators.get("$options");
        if (options != null && !operators.containsKey("$regex")) {
            throw invalid("'" + name + ".$options' needs '$regex' beside it");
        }
        for (Map.Entry<?, ?> entry : operators.entrySet()) {
            String operator = (String) entry.getKey();
            Object value = entry.getValue();
            String at = name + "." + operator;
            switch (operator) {
                case "$eq" -> parts.add(new Equal(field, equalValue(field, at, value)));
                case "$ne" -> parts.add(new Not(new Equal(field, equalValue(field, at, value))));
                case "$in" -> parts.add(new OneOf(field, members(field, at, value)));
                case "$nin" -> parts.add(new Not(new OneOf(field, members(field, at, value))));
                case "$exists" -> {
                    if (!(value instanceof Boolean exists)) {
                        throw invalid("'" + at + "' must be true or false, not " + describe(value));
                    }
                    parts.add(exists ? new Present(field) : new Not(new Present(field)));
                }
                case "$gt" -> parts.add(new After(field, bound(field, at, value), Bound.EXCLUSIVE));
                case "$gte" -> parts.add(new After(field, bound(field, at, value), Bound.INCLUSIVE));
                case "$lt" -> parts.add(new Before(field, bound(field, at, value), Bound.EXCLUSIVE));
                case "$lte" -> parts.add(new Before(field, bound(field, at, value), Bound.INCLUSIVE));
                case "$regex" -> parts.add(new Matches(field, pattern(field, at, value, options, name + ".$options")));
                case "$options" -> {
                    // read with $regex
                }
                case "$all" -> {
                    if (field.kind() != SearchField.Kind.TEXT_LIST) {
                        throw invalid("'" + at + "': '$all' applies to the list field tags, not to '" + name + "'");
                    }
                    List<String> values = new ArrayList<>();
                    for (Object member : array(at, value)) {
                        values.add(text(field, at, member));
                    }
                    if (values.isEmpty()) {
                        // MongoDB's $all of nothing matches nothing, which is never what was meant
                        throw invalid("'" + at + "' must be a non-empty array of strings");
                    }
                    parts.add(new ContainsAll(field, values));
                }
                case "$not" -> {
                    if (!(value instanceof Map<?, ?> negated) || negated.isEmpty()
                            || !negated.keySet().stream().allMatch(key -> ((String) key).startsWith("$"))) {
                        throw invalid("'" + at + "' must be an object of operators, not " + describe(value));
                    }
                    parts.add(new Not(operators(field, name, negated)));
                }
                default -> throw invalid("Unknown operator '" + operator + "' for '" + name + "'; operators: "
                        + String.join(", ", FIELD_OPERATORS));
            }
        }
        return parts.size() == 1 ? parts.get(0) : new All(parts);
    }

    /** A value to equal: as {@link #member}, or for a list field a whole array of strings. */
    private static Object equalValue(SearchField field, String at, Object value) {
        if (field.kind() == SearchField.Kind.TEXT_LIST && value instanceof List<?> list) {
            List<String> values = new ArrayList<>();
            for (Object element : list) {
                values.add(text(field, at, element));
            }
            return List.copyOf(values);
        }
        return member(field, at, value);
    }

    private static List<Object> members(SearchField field, String at, Object value) {
        List<Object> members = new ArrayList<>();
        for (Object member : array(at, value)) {
            members.add(member(field, at, member));
        }
        return members;
    }

    /** One value of {@code field}: a string, a time for a time field, or null. */
    private static Object member(SearchField field, String at, Object value) {
        if (value == null) {
            return null;
        }
        return field.kind() == SearchField.Kind.TIME ? instant(at, value) : text(field, at, value);
    }

    private static String text(SearchField field, String at, Object value) {
        if (!(value instanceof String text)) {
            throw invalid("'" + at + "': '" + field.wireName() + "' compares with strings, not " + describe(value));
        }
        return text;
    }

    private static Instant bound(SearchField field, String at, Object value) {
        if (field.kind() != SearchField.Kind.TIME) {
            throw invalid("'" + at + "': order comparisons apply to the times start_time and finish_time, not to '"
                    + field.wireName() + "'");
        }
        if (value == null) {
            throw invalid("'" + at + "' must be a time, not null");
        }
        return instant(at, value);
    }

    private static Instant instant(String at, Object value) {
        if (value instanceof String text) {
            try {
                Instant instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                instant.toEpochMilli(); // a time stores compare to the millisecond
                return instant;
            } catch (DateTimeException | ArithmeticException e) {
                // not a time, or out of range: said below
            }
        }
        throw invalid("'" + at + "' must be an ISO-8601 time with an offset, such as 2014-05-01T10:00:00Z, not "
                + describe(value));
    }

    private static Pattern pattern(SearchField field, String at, Object value, Object options, String optionsAt) {
        if (field.kind() == SearchField.Kind.TIME) {
            throw invalid("'" + at + "': '$regex' applies to text, not to the time '" + field.wireName() + "'");
        }
        if (!(value instanceof String regex) || regex.length() > MAX_PATTERN_LENGTH) {
            throw invalid("'" + at + "' must be a regular expression of at most " + MAX_PATTERN_LENGTH
                    + " characters, not " + describe(value));
        }
        int flags = 0;
        if (options != null) {
            if (!(options instanceof String letters) || !letters.matches("i?")) {
                throw invalid("'" + optionsAt + "' may only be \"i\" (ignore case), not " + describe(options));
            }
            flags = letters.isEmpty() ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            throw invalid("'" + at + "' is not a regular expression: " + e.getDescription());
        }
    }

    private static List<SortKey> sort(Object value) {
        List<SortKey> order = new ArrayList<>();
        for (Object element : array("sort", value)) {
            Object name = element;
            Object direction = "ascending";
            if (element instanceof List<?> pair && (pair.size() == 1 || pair.size() == 2)) {
                name = pair.get(0);
                direction = pair.size() == 2 ? pair.get(1) : direction;
            }
            if (!(name instanceof String fieldName)) {
                throw invalid("'sort' holds [\"field\", \"ascending\" or \"descending\"] pairs, not " + describe(element));
            }
            SearchField field = SearchField.named(fieldName).orElseThrow(() -> invalid("Unknown field '" + fieldName
                    + "' in 'sort'; fields: " + FIELDS));
            if (field.kind() == SearchField.Kind.TEXT_LIST) {
                throw invalid("'sort': '" + fieldName + "' is a list and does not sort");
            }
            if (!"ascending".equals(direction) && !"descending".equals(direction)) {
                throw invalid("'sort': the direction of '" + fieldName + "' must be \"ascending\" or \"descending\", not "
                        + describe(direction));
            }
            order.add(new SortKey(field, "descending".equals(direction)));
        }
        return order;
    }

    private static List<?> array(String at, Object value) {
        if (!(value instanceof List<?> list)) {
            throw invalid("'" + at + "' must be an array, not " + describe(value));
        }
        return list;
    }

    /** A non-negative integer given as a JSON number or as the text of one (a query parameter). */
    private static long integer(Object value, String name) {
        try {
            BigInteger number = value instanceof String text ? new BigInteger(text)
                    : value instanceof Integer || value instanceof Long || value instanceof BigInteger
                            ? new BigInteger(value.toString()) : null;
            if (number != null && number.signum() >= 0 && number.bitLength() < 63) {
                return number.longValueExact();
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw invalid("'" + name + "' must be a non-negative integer, not " + describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return "\"" + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + "\"";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value.toString();
    }

    private static InvalidCriteriaException invalid(String message) {
        return new InvalidCriteriaException(message);
    }
}
