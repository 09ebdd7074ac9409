package dev.taskmill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonValuesTest {

    static Stream<Object> scalars() {
        return Stream.of("", "text", "ünïcødé", true, false, 0, -7, 1L << 40, (short) 3, (byte) 4,
                new BigInteger("123456789012345678901234567890"), new BigDecimal("1.50"), 1.5d, -0.0d, 2.5f,
                Double.MAX_VALUE, Double.MIN_VALUE);
    }

    @Test
    void givenNull_copyOf_isNull() {
        assertThat(JsonValues.copyOf(null)).isNull();
    }

    @ParameterizedTest
    @MethodSource("scalars")
    void givenScalar_copyOf_isTheSameValue(Object scalar) {
        assertThat(JsonValues.copyOf(scalar)).isEqualTo(scalar);
    }

    @Test
    void givenNestedListsAndMaps_copyOf_isEqualInContentAndOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", Arrays.asList("x", null, 2.5));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "r1");
        value.put("nothing", null);
        value.put("inner", inner);
        value.put("list", List.of(List.of(), Map.of()));

        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) JsonValues.copyOf(value);

        assertThat(copy).isEqualTo(value);
        assertThat(copy.keySet()).containsExactly("name", "nothing", "inner", "list");
        @SuppressWarnings("unchecked")
        Map<String, Object> innerCopy = (Map<String, Object>) copy.get("inner");
        assertThat(innerCopy.keySet()).containsExactly("z", "a");
    }

    @Test
    void givenMutableSource_copyOf_isIndependentOfLaterChanges() {
        List<Object> list = new ArrayList<>(List.of(1));
        Map<String, Object> map = new HashMap<>(Map.of("list", list));

        Object copy = JsonValues.copyOf(map);
        list.add(2);
        map.put("more", true);

        assertThat(copy).isEqualTo(Map.of("list", List.of(1)));
    }

    @Test
    void givenNestedListsAndMaps_copyOf_isUnmodifiableAtEveryLevel() {
        Map<String, Object> value = new HashMap<>();
        value.put("list", new ArrayList<>(List.of(new HashMap<>(Map.of("k", "v")))));

        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) JsonValues.copyOf(value);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) copy.get("list");
        @SuppressWarnings("unchecked")
        Map<String, Object> element = (Map<String, Object>) list.get(0);

        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.remove("list")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> element.put("k", "w")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenSet_copyOf_isAListInIterationOrder() {
        Object copy = JsonValues.copyOf(new LinkedHashSet<>(List.of("b", "a")));

        assertThat(copy).isEqualTo(List.of("b", "a"));
    }

    @Test
    void givenObject_copyOfObject_isAnUnmodifiableMapCopy() {
        Map<String, Object> source = new HashMap<>(Map.of("seconds", 5));

        Map<String, Object> copy = JsonValues.copyOfObject(source);
        source.put("seconds", 6);

        assertThat(copy).isEqualTo(Map.of("seconds", 5));
        assertThatThrownBy(() -> copy.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> numbersJsonCannotRepresent() {
        return Stream.of(
                Arguments.of(Double.NaN, "NaN"),
                Arguments.of(Double.POSITIVE_INFINITY, "Infinity"),
                Arguments.of(Double.NEGATIVE_INFINITY, "-Infinity"),
                Arguments.of(Float.NaN, "NaN"),
                Arguments.of(Float.POSITIVE_INFINITY, "Infinity"));
    }

    @ParameterizedTest
    @MethodSource("numbersJsonCannotRepresent")
    void givenNumberJsonCannotRepresent_copyOf_isRefusedNamingItsPath(Number number, String shown) {
        Object value = Map.of("rates", List.of(1.0, Map.of("last", number)));

        assertThatThrownBy(() -> JsonValues.copyOf(value))
                .isInstanceOf(NotJsonCompatibleException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$.rates[1].last is " + shown);
    }

    @Test
    void givenTopLevelNaN_copyOf_isRefusedAtTheRoot() {
        assertThatThrownBy(() -> JsonValues.copyOf(Double.NaN))
                .isInstanceOf(NotJsonCompatibleException.class)
                .hasMessageStartingWith("$ is NaN");
    }

    @Test
    void givenMapWithNonStringKey_copyOf_isRefusedNamingItsPathAndKey() {
        Object value = Map.of("outer", Map.of(42, "x"));

        assertThatThrownBy(() -> JsonValues.copyOf(value))
                .isInstanceOf(NotJsonCompatibleException.class)
                .hasMessageContaining("$.outer")
                .hasMessageContaining("not a string")
                .hasMessageContaining("42");
    }

    @Test
    void givenMapWithNullKey_copyOfObject_isRefused() {
        Map<String, Object> value = new HashMap<>();
        value.put(null, "x");

        assertThatThrownBy(() -> JsonValues.copyOfObject(value))
                .isInstanceOf(NotJsonCompatibleException.class)
                .hasMessageContaining("not a string");
    }

    static Stream<Arguments> objectsWithoutJsonForm() {
        return Stream.of(
                Arguments.of(new Object(), "java.lang.Object"),
                Arguments.of(Instant.EPOCH, "java.time.Instant"),
                Arguments.of(Optional.of("x"), "java.util.Optional"),
                Arguments.of('c', "java.lang.Character"),
                Arguments.of(new int[] {1}, "[I"),
                Arguments.of(new String[] {"a"}, "[Ljava.lang.String;"),
                Arguments.of(TaskId.random(), "dev.taskmill.domain.TaskId"));
    }

    @ParameterizedTest
    @MethodSource("objectsWithoutJsonForm")
    void givenObjectWithoutJsonForm_copyOf_isRefusedNamingPathAndType(Object object, String typeName) {
        Object value = Map.of("args", List.of("ok", object));

        assertThatThrownBy(() -> JsonValues.copyOf(value))
                .isInstanceOf(NotJsonCompatibleException.class)
                .hasMessageContaining("$.args[1]")
                .hasMessageContaining(typeName);
    }

    @Test
    void givenListContainingItself_copyOf_isRefusedInsteadOfOverflowingTheStack() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);

        assertThatThrownBy(() -> JsonValues.copyOf(loop))
                .isInstanceOf(NotJsonCompatibleException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void givenSixtyFourLevelsOfNesting_copyOf_acceptsIt() {
        assertThat(JsonValues.copyOf(nested(64))).isEqualTo(nested(64));
    }

    @Test
    void givenSixtyFiveLevelsOfNesting_copyOf_isRefused() {
        assertThatThrownBy(() -> JsonValues.copyOf(nested(65)))
                .isInstanceOf(NotJsonCompatibleException.class)
                .hasMessageContaining("64");
    }

    /** A string wrapped in {@code levels} lists. */
    private static Object nested(int levels) {
        Object value = "leaf";
        for (int i = 0; i < levels; i++) {
            value = List.of(value);
        }
        return value;
    }
}
