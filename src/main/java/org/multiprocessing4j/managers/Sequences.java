package org.multiprocessing4j.managers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Python's views of Java values for the built-in referents: iterables as lists, indices from the end, {@code repr}. */
final class Sequences {
    private Sequences() {
    }

    /** The items of an iterable argument (a list, any collection, an array). */
    static List<Object> toList(Object iterable) {
        if (iterable instanceof Collection) {
            return new ArrayList<>((Collection<?>) iterable);
        }
        if (iterable instanceof Object[]) {
            return new ArrayList<>(Arrays.asList((Object[]) iterable));
        }
        if (iterable instanceof Iterable) {
            List<Object> items = new ArrayList<>();
            ((Iterable<?>) iterable).forEach(items::add);
            return items;
        }
        throw new IllegalArgumentException("'" + (iterable == null ? "None" : iterable.getClass().getName())
                + "' object is not iterable");
    }

    /** An index into a sequence of {@code size}, a negative one counting from the end, as Python's. */
    static int position(Object index, int size) {
        int at = Args.integer(index, "list indices");
        return at < 0 ? at + size : at;
    }

    /** Python's {@code repr}, near enough for lists, dicts, strings and numbers. */
    static String repr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String) {
            return "'" + ((String) value).replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof Collection) {
            StringJoiner joined = new StringJoiner(", ", "[", "]");
            for (Object item : (Collection<?>) value) {
                joined.add(repr(item));
            }
            return joined.toString();
        }
        if (value instanceof Map) {
            StringJoiner joined = new StringJoiner(", ", "{", "}");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                joined.add(repr(e.getKey()) + ": " + repr(e.getValue()));
            }
            return joined.toString();
        }
        return String.valueOf(value);
    }
}
