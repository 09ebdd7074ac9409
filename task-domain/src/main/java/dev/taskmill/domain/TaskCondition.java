package dev.taskmill.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a searched task must satisfy: a tree of tests of {@link SearchField}s, with the meaning
 * Pulp 2's searches had in MongoDB. A test of a field that has no value ({@code null}) fails,
 * except {@link Equal} and {@link OneOf} with {@code null} among their values; {@link Not} is
 * plain negation, so {@code Not(Equal(f, v))} holds for a task whose {@code f} has no value, as
 * MongoDB's {@code $ne} does. On {@link SearchField.Kind#TEXT_LIST} fields, a value matches when
 * any element does.
 *
 * <p>{@link #test} is the meaning; a store that evaluates conditions itself (in SQL) must agree
 * with it, which the storage contract suite checks.
 */
public sealed interface TaskCondition {

    /** Whether {@code task} satisfies the condition. */
    boolean test(Task task);

    /** The condition every task satisfies. */
    static TaskCondition everything() {
        return new All(List.of());
    }

    /** Both conditions. */
    default TaskCondition and(TaskCondition other) {
        List<TaskCondition> parts = new ArrayList<>();
        for (TaskCondition condition : List.of(this, other)) {
            if (condition instanceof All all) {
                parts.addAll(all.parts());
            } else {
                parts.add(condition);
            }
        }
        return new All(parts);
    }

    /** Every part holds; no part: always. */
    record All(List<TaskCondition> parts) implements TaskCondition {
        public All {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(Task task) {
            for (TaskCondition part : parts) {
                if (!part.test(task)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Some part holds; no part: never. */
    record Any(List<TaskCondition> parts) implements TaskCondition {
        public Any {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(Task task) {
            for (TaskCondition part : parts) {
                if (part.test(task)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The part does not hold. */
    record Not(TaskCondition part) implements TaskCondition {
        public Not {
            Objects.requireNonNull(part, "part");
        }

        @Override
        public boolean test(Task task) {
            return !part.test(task);
        }
    }

    /**
     * The field equals {@code value}: a {@code String} for text (an element of a list field), an
     * {@link Instant} for a time, a {@code List<String>} for a list field equal to it as a whole,
     * or {@code null} for a field without a value.
     */
    record Equal(SearchField field, Object value) implements TaskCondition {
        public Equal {
            requireValue(field, value, true);
        }

        @Override
        public boolean test(Task task) {
            Object actual = field.valueIn(task);
            if (field.kind() == SearchField.Kind.TEXT_LIST && !(value instanceof List)) {
                return value != null && ((List<?>) actual).contains(value);
            }
            return Objects.equals(actual, value);
        }
    }

    /** The field equals one of {@code values} ({@link Equal}'s values, no lists). */
    record OneOf(SearchField field, List<Object> values) implements TaskCondition {
        public OneOf {
            values = Collections.unmodifiableList(new ArrayList<>(values)); // may hold null
            for (Object value : values) {
                requireValue(field, value, false);
            }
        }

        @Override
        public boolean test(Task task) {
            for (Object value : values) {
                if (new Equal(field, value).test(task)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The field has a value (a list field always has one). */
    record Present(SearchField field) implements TaskCondition {
        public Present {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public boolean test(Task task) {
            return field.valueIn(task) != null;
        }
    }

    /** How a {@link Before}/{@link After} bound compares. */
    enum Bound {
        INCLUSIVE, EXCLUSIVE
    }

    /** A time field is later than {@code instant} (or equal, if inclusive). */
    record After(SearchField field, Instant instant, Bound bound) implements TaskCondition {
        public After {
            requireTime(field, instant);
            Objects.requireNonNull(bound, "bound");
        }

        @Override
        public boolean test(Task task) {
            Instant actual = (Instant) field.valueIn(task);
            return actual != null && (bound == Bound.INCLUSIVE ? !actual.isBefore(instant) : actual.isAfter(instant));
        }
    }

    /** A time field is earlier than {@code instant} (or equal, if inclusive). */
    record Before(SearchField field, Instant instant, Bound bound) implements TaskCondition {
        public Before {
            requireTime(field, instant);
            Objects.requireNonNull(bound, "bound");
        }

        @Override
        public boolean test(Task task) {
            Instant actual = (Instant) field.valueIn(task);
            return actual != null && (bound == Bound.INCLUSIVE ? !actual.isAfter(instant) : actual.isBefore(instant));
        }
    }

    /** A text field (an element of a list field) contains a match of {@code pattern}. */
    record Matches(SearchField field, Pattern pattern) implements TaskCondition {
        public Matches {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(pattern, "pattern");
            if (field.kind() == SearchField.Kind.TIME) {
                throw new IllegalArgumentException("'" + field.wireName() + "' is a time, not text");
            }
        }

        /** Whether the pattern ignores case (as {@link Pattern#CASE_INSENSITIVE} with Unicode case). */
        public boolean ignoresCase() {
            return (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0;
        }

        @Override
        public boolean test(Task task) {
            Object actual = field.valueIn(task);
            if (actual instanceof List<?> elements) {
                return elements.stream().anyMatch(element -> pattern.matcher((String) element).find());
            }
            return actual != null && pattern.matcher((String) actual).find();
        }
    }

    /** A list field holds every one of {@code values}. */
    record ContainsAll(SearchField field, List<String> values) implements TaskCondition {
        public ContainsAll {
            values = List.copyOf(values);
            if (field.kind() != SearchField.Kind.TEXT_LIST) {
                throw new IllegalArgumentException("'" + field.wireName() + "' is not a list");
            }
        }

        @Override
        public boolean test(Task task) {
            return ((List<?>) field.valueIn(task)).containsAll(values);
        }
    }

    /** The task was submitted by {@code user}: what a caller without {@code read} may find. */
    record SubmittedBy(String user) implements TaskCondition {
        public SubmittedBy {
            Objects.requireNonNull(user, "user");
        }

        @Override
        public boolean test(Task task) {
            return task.isSubmittedBy(user);
        }
    }

    private static void requireValue(SearchField field, Object value, boolean listAllowed) {
        Objects.requireNonNull(field, "field");
        boolean fits = value == null || switch (field.kind()) {
            case TEXT -> value instanceof String;
            case TEXT_LIST -> value instanceof String
                    || listAllowed && value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
            case TIME -> value instanceof Instant;
        };
        if (!fits) {
            throw new IllegalArgumentException("'" + field.wireName() + "' does not compare with " + value);
        }
    }

    private static void requireTime(SearchField field, Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (field.kind() != SearchField.Kind.TIME) {
            throw new IllegalArgumentException("'" + field.wireName() + "' is not a time");
        }
    }
}
