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
        try {
            return copy(value, 0);
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
        try {
            return copyMap(object, 0);
        } catch (Misfit misfit) {
            throw misfit.named();
        }
    }

    private static Object copy(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Misfit("is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new Misfit("is " + number + ", which JSON cannot represent");
            }
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return copyMap(map, depth);
        }
        if (value instanceof Collection<?> collection) {
            if (collection.isEmpty()) {
                return List.of();
            }
            List<Object> copy = new ArrayList<>(collection.size());
            int index = 0;
            for (Object element : collection) {
                try {
                    copy.add(copy(element, depth + 1));
                } catch (Misfit misfit) {
                    throw misfit.within("[" + index + "]");
                }
                index++;
            }
            return Collections.unmodifiableList(copy);
        }
        throw new Misfit("is a " + value.getClass().getName() + ", which has no JSON form");
    }

    private static Map<String, Object> copyMap(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            return Map.of();
        }
        // sized for its entries: the default table of 16 would be most of a small object's memory
        Map<String, Object> copy = new LinkedHashMap<>((int) Math.ceil(map.size() / 0.75));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new Misfit("has a key that is not a string: " + entry.getKey());
            }
            try {
                copy.put(key, copy(entry.getValue(), depth + 1));
            } catch (Misfit misfit) {
                throw misfit.within("." + key);
            }
        }
        return Collections.unmodifiableMap(copy);
    }

    /** A part with no JSON form, found on the way down; its path is built on the way back up. */
    private static final class Misfit extends RuntimeException {

        private final String problem;
        private final StringBuilder path = new StringBuilder();

        Misfit(String problem) {
            super(problem, null, false, false);
            this.problem = problem;
        }

        Misfit within(String step) {
            path.insert(0, step);
            return this;
        }

        NotJsonCompatibleException named() {
            return new NotJsonCompatibleException("$" + path + " " + problem);
        }
    }
}
