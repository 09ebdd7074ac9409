package dev.taskmill.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A search of stored tasks: those satisfying {@code condition}, sorted by {@code order} and then
 * by admission (oldest first, so that pages are stable), from the {@code skip}-th on, at most
 * {@code limit} of them.
 */
public record TaskSearch(TaskCondition condition, List<SortKey> order, long skip, int limit) {

    public TaskSearch {
        Objects.requireNonNull(condition, "condition");
        order = List.copyOf(order);
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    /**
     * One key of a search's order. Tasks without a value for the field come first in ascending
     * order and last in descending order, as MongoDB sorts them; text sorts by code point.
     */
    public record SortKey(SearchField field, boolean descending) {

        public SortKey {
            Objects.requireNonNull(field, "field");
            if (field.kind() == SearchField.Kind.TEXT_LIST) {
                throw new IllegalArgumentException("'" + field.wireName() + "' is a list and does not sort");
            }
        }
    }

    /** The order of {@link #order}, ending with admission order: how a store that sorts by itself sorts. */
    public Comparator<Task> comparator() {
        Comparator<Task> comparator = (a, b) -> 0;
        for (SortKey key : order) {
            Comparator<Task> byKey = Comparator.comparing(task -> key.field().valueIn(task),
                    Comparator.nullsFirst(SearchField.Kind.TIME == key.field().kind()
                            ? Comparator.comparing(Instant.class::cast)
                            : Comparator.comparing(String.class::cast, TaskSearch::compareCodePoints)));
            comparator = comparator.thenComparing(key.descending() ? byKey.reversed() : byKey);
        }
        return comparator.thenComparingLong(Task::position);
    }

    /** Whether tasks come in admission order, as every store's indexes hold them. */
    public boolean inAdmissionOrder() {
        return order.isEmpty();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
