package dev.taskmill.adapter.rest.error;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.taskmill.adapter.rest.resource.WireObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Client-facing messages for JSON a request got wrong. They name the field by its JSON path
 * and the JSON type expected, and never carry Jackson's own text, which names Java classes.
 */
final class JsonErrorMessages {

    private static final List<String> DETAIL_ENDS = List.of("\n", " (start marker", " at [Source", "[Source");
    private static final List<String> UNSAFE = List.of("`", "Exception", "java.", "com.", "dev.", "jakarta.");

    private JsonErrorMessages() {
    }

    static String describe(JsonProcessingException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return "The request body is nested more than " + WireObjectMapper.MAX_NESTING
                        + " levels deep, or has a number or string beyond what it may hold";
            }
        }
        if (exception instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + path(unknown) + "'; accepted fields: " + accepted(unknown.getKnownPropertyIds());
        }
        if (exception instanceof MismatchedInputException mismatch) {
            if (mismatch.getPath().isEmpty()) {
                return "The request body must be one JSON object";
            }
            return "Field '" + path(mismatch) + "' must be " + jsonType(mismatch.getTargetType());
        }
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "Field '" + path(mapping) + "' is invalid";
        }
        return "Malformed JSON" + location(exception.getLocation()) + detail(exception.getOriginalMessage());
    }

    private static String path(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String accepted(Collection<Object> names) {
        TreeSet<String> sorted = new TreeSet<>();
        if (names != null) {
            names.forEach(name -> sorted.add(String.valueOf(name)));
        }
        return String.join(", ", sorted);
    }

    private static String jsonType(Class<?> target) {
        if (target == null) {
            return "of another JSON type";
        }
        if (CharSequence.class.isAssignableFrom(target) || target == char.class || target == Character.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != boolean.class)) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(target) || target.isRecord() || target == Object.class) {
            return target == Object.class ? "a JSON value" : "an object";
        }
        return "of another JSON type";
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's description of a syntax error, cut before its source excerpt, if it is free of Java names. */
    private static String detail(String original) {
        if (original == null || original.isBlank()) {
            return "";
        }
        String detail = original;
        for (String end : DETAIL_ENDS) {
            int at = detail.indexOf(end);
            if (at >= 0) {
                detail = detail.substring(0, at);
            }
        }
        for (String unsafe : UNSAFE) {
            if (detail.contains(unsafe)) {
                return "";
            }
        }
        return detail.isBlank() ? "" : ": " + detail.strip();
    }
}
