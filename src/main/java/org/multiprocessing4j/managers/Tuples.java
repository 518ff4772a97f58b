package org.multiprocessing4j.managers;

import java.util.Arrays;
import java.util.List;

/** Python tuples as a serializer may rebuild them: an {@code Object[]} or a {@code List}. */
final class Tuples {
    private Tuples() {
    }

    /**
     * The elements of {@code tuple}, which must have {@code size} of them ({@code -1}: any).
     *
     * @param what how the error names it
     * @throws IllegalArgumentException if it is no tuple or has another size
     */
    static List<?> parts(Object tuple, int size, String what) {
        List<?> parts;
        if (tuple instanceof Object[]) {
            parts = Arrays.asList((Object[]) tuple);
        } else if (tuple instanceof List) {
            parts = (List<?>) tuple;
        } else if (tuple == null && size < 0) {
            return List.of();
        } else {
            throw new IllegalArgumentException("expected " + what + ", got " + describe(tuple));
        }
        if (size >= 0 && parts.size() != size) {
            throw new IllegalArgumentException("expected " + what + " of " + size + " elements, got " + parts.size());
        }
        return parts;
    }

    /** Names a value's type for an error: Python's {@code type(x).__name__}, in Java. */
    static String describe(Object value) {
        return value == null ? "None" : "an object of " + value.getClass().getName();
    }
}
