package dev.taskmill.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-compatible values in plain Java: {@code null}, {@link String}, {@link Boolean},
 * finite numbers, {@link List}s and {@link Map}s with string keys of such values.
 *
 * <p>Arguments, progress and results are held as immutable deep copies made here, so a
 * task never shares mutable state with the code that produced it.
 */
public final class JsonValues {

    private static final int MAX_DEPTH = 64;

    private JsonValues() {
    }

    /**
     * An immutable deep copy of {@code value}.
     *
     * @throws NotJsonCompatibleException if some part of it has no JSON form
     */
    public static Object copyOf(Object value) {
        return copyOf(value, Long.MAX_VALUE);
    }

    /**
     * An immutable deep copy of {@code value} that is at most {@code maxChars} characters long
     * as JSON (counted without whitespace, escapes counted as one character).
     *
     * @throws NotJsonCompatibleException if some part of it has no JSON form, or it is longer
     */
    public static Object copyOf(Object value, long maxChars) {
        try {
            Budget budget = new Budget(maxChars);
            Object copy = copy(value, 0, budget);
            budget.check();
            return copy;
        } catch (Misfit misfit) {
            throw misfit.named();
        }
    }

    /**
     * An immutable deep copy of a JSON object.
     *
     * @throws NotJsonCompatibleException if some part of it has no JSON form
     */
    public static Map<String, Object> copyOfObject(Map<?, ?> object) {
        return copyOfObject(object, Long.MAX_VALUE);
    }

    /**
     * An immutable deep copy of a JSON object at most {@code maxChars} characters long as JSON.
     *
     * @throws NotJsonCompatibleException if some part of it has no JSON form, or it is longer
     */
    public static Map<String, Object> copyOfObject(Map<?, ?> object, long maxChars) {
        try {
            Budget budget = new Budget(maxChars);
            Map<String, Object> copy = copyMap(object, 0, budget);
            budget.check();
            return copy;
        } catch (Misfit misfit) {
            throw misfit.named();
        }
    }

    private static Object copy(Object value, int depth, Budget budget) {
        if (depth > MAX_DEPTH) {
            throw new Misfit("is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (value == null || value instanceof Boolean) {
            budget.spend(5);
            return value;
        }
        if (value instanceof String text) {
            budget.spend(text.length() + 2L);
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            budget.spend(20);
            return value;
        }
        if (value instanceof BigInteger || value instanceof BigDecimal) {
            budget.spend(value.toString().length());
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new Misfit("is " + number + ", which JSON cannot represent");
            }
            budget.spend(24);
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return copyMap(map, depth, budget);
        }
        if (value instanceof Collection<?> collection) {
            budget.spend(2L + collection.size());
            if (collection.isEmpty()) {
                return List.of();
            }
            List<Object> copy = new ArrayList<>(collection.size());
            int index = 0;
            for (Object element : collection) {
                try {
                    copy.add(copy(element, depth + 1, budget));
                } catch (Misfit misfit) {
                    throw misfit.within("[" + index + "]");
                }
                index++;
            }
            return Collections.unmodifiableList(copy);
        }
        throw new Misfit("is a " + value.getClass().getName() + ", which has no JSON form");
    }

    private static Map<String, Object> copyMap(Map<?, ?> map, int depth, Budget budget) {
        budget.spend(2L + map.size());
        if (map.isEmpty()) {
            return Map.of();
        }
        // sized for its entries: the default table of 16 would be most of a small object's memory
        Map<String, Object> copy = new LinkedHashMap<>((int) Math.ceil(map.size() / 0.75));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new Misfit("has a key that is not a string: " + entry.getKey());
            }
            budget.spend(key.length() + 3L);
            try {
                copy.put(key, copy(entry.getValue(), depth + 1, budget));
            } catch (Misfit misfit) {
                throw misfit.within("." + key);
            }
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The characters a value may take as JSON. Scalars are counted at their longest form
     * (a long at 20, a double at 24), so the count is an upper bound; it stops the copy as soon
     * as it is exceeded rather than after copying everything.
     */
    private static final class Budget {

        private final long max;
        private long spent;

        Budget(long max) {
            this.max = max;
        }

        void spend(long chars) {
            spent += chars;
            check();
        }

        void check() {
            if (spent > max) {
                throw new Misfit("is larger than " + max + " characters as JSON").ofTheWhole();
            }
        }
    }

    /** A part with no JSON form, found on the way down; its path is built on the way back up. */
    private static final class Misfit extends RuntimeException {

        private final String problem;
        private final StringBuilder path = new StringBuilder();
        private boolean whole;

        Misfit(String problem) {
            super(problem, null, false, false);
            this.problem = problem;
        }

        /** The problem is the value as a whole, wherever it was noticed: no path. */
        Misfit ofTheWhole() {
            whole = true;
            return this;
        }

        Misfit within(String step) {
            if (!whole) {
                path.insert(0, step);
            }
            return this;
        }

        NotJsonCompatibleException named() {
            return new NotJsonCompatibleException("$" + path + " " + problem);
        }
    }
}
