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
        return copy(value, "$", 0);
    }

    /**
     * An immutable deep copy of a JSON object.
     *
     * @throws NotJsonCompatibleException if some part of it has no JSON form
     */
    public static Map<String, Object> copyOfObject(Map<?, ?> object) {
        return copyMap(object, "$", 0);
    }

    private static Object copy(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new NotJsonCompatibleException(path + " is nested more than " + MAX_DEPTH + " levels deep");
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
                throw new NotJsonCompatibleException(path + " is " + number + ", which JSON cannot represent");
            }
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return copyMap(map, path, depth);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            int index = 0;
            for (Object element : collection) {
                copy.add(copy(element, path + "[" + index++ + "]", depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new NotJsonCompatibleException(
                path + " is a " + value.getClass().getName() + ", which has no JSON form");
    }

    private static Map<String, Object> copyMap(Map<?, ?> map, String path, int depth) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new NotJsonCompatibleException(path + " has a key that is not a string: " + entry.getKey());
            }
            copy.put(key, copy(entry.getValue(), path + "." + key, depth + 1));
        }
        return Collections.unmodifiableMap(copy);
    }
}
