package dev.taskmill.app.operation;

import dev.taskmill.application.port.out.InvalidArgumentsException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an operation's JSON arguments by name and type; every refusal is an
 * {@link InvalidArgumentsException} that names the argument.
 *
 * <p>An argument given as JSON {@code null} counts as absent.
 */
final class OperationArguments {

    private final Map<String, Object> args;

    private OperationArguments(Map<String, Object> args) {
        this.args = args;
    }

    /**
     * The arguments of an operation that accepts only the names in {@code known}.
     *
     * @throws InvalidArgumentsException if {@code args} holds any other name
     */
    static OperationArguments of(Map<String, Object> args, Set<String> known) {
        Map<String, Object> given = args == null ? Map.of() : args;
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new InvalidArgumentsException("unknown argument" + (unknown.size() > 1 ? "s " : " ")
                    + quoted(unknown) + "; accepted: " + quoted(new TreeSet<>(known)));
        }
        return new OperationArguments(given);
    }

    /** A required number between {@code min} and {@code max}, as given (an integer stays an integer). */
    Number requiredNumber(String name, double min, double max) {
        Object value = args.get(name);
        if (value == null) {
            throw invalid(name, "is required");
        }
        if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw invalid(name, "must be a number, not " + describe(value));
        }
        double amount = number.doubleValue();
        if (amount < min || amount > max) {
            throw invalid(name, "must be between " + plain(min) + " and " + plain(max) + ", not " + value);
        }
        return number;
    }

    Optional<String> optionalString(String name) {
        Object value = args.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw invalid(name, "must be a string, not " + describe(value));
        }
        return Optional.of(text);
    }

    /** A required string that is not empty. */
    String requiredString(String name) {
        String text = optionalString(name).orElseThrow(() -> invalid(name, "is required"));
        if (text.isEmpty()) {
            throw invalid(name, "must not be empty");
        }
        return text;
    }

    boolean optionalBoolean(String name, boolean defaultValue) {
        Object value = args.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Boolean flag)) {
            throw invalid(name, "must be true or false, not " + describe(value));
        }
        return flag;
    }

    /** A refusal of argument {@code name}; {@code problem} completes the sentence "argument 'x' ...". */
    InvalidArgumentsException invalid(String name, String problem) {
        return new InvalidArgumentsException("argument '" + name + "' " + problem);
    }

    private static String describe(Object value) {
        if (value instanceof String text) {
            return "the string \"" + text + "\"";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof Iterable<?>) {
            return "an array";
        }
        return String.valueOf(value);
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    private static String quoted(Set<String> names) {
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append('\'').append(name).append('\'');
        }
        return text.toString();
    }
}
