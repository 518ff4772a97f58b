package org.multiprocessing4j.managers;

import org.multiprocessing4j.serialization.pickle.PySlice;
import org.multiprocessing4j.serialization.pickle.PyTuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Python's views of Java values for the built-in referents: iterables as lists, indices from the
 * end, slices ({@code l[1:3]}, {@code l[1:3] = …}, {@code del l[::2]}, as Python's list and
 * array do them), {@code repr}, type names.
 */
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

    /**
     * The position of Python's {@code sequence[index]} in a {@code kind} ("list", "array") of
     * {@code size}, a negative index counting from the end.
     *
     * @throws IllegalArgumentException  Python's TypeError, if the index is no integer
     * @throws IndexOutOfBoundsException Python's IndexError, outside the sequence
     */
    static int item(Object index, int size, String kind) {
        if (!(index instanceof Long || index instanceof Integer || index instanceof Short || index instanceof Byte)) {
            throw new IllegalArgumentException("TypeError: " + kind + " indices must be integers"
                    + ("list".equals(kind) ? " or slices, not " + typeName(index) : ""));
        }
        int at = position(index, size);
        if (at < 0 || at >= size) {
            throw new IndexOutOfBoundsException(kind + " index out of range");
        }
        return at;
    }

    /** Python's {@code sequence[slice]}: a new list. */
    static List<Object> slice(List<Object> sequence, PySlice slice) {
        int[] at = slice.indices(sequence.size());
        int count = PySlice.length(at);
        List<Object> items = new ArrayList<>(count);
        for (int i = 0, index = at[0]; i < count; i++, index += at[2]) {
            items.add(sequence.get(index));
        }
        return items;
    }

    /**
     * Python's {@code sequence[slice] = items}: a plain slice ({@code [1:3]}) is replaced by any
     * number of items, an extended one ({@code [::2]}) by as many as it selects.
     *
     * @return the items replaced
     * @throws IllegalArgumentException (ValueError) if an extended slice gets another number of items
     */
    static List<Object> assignSlice(List<Object> sequence, PySlice slice, List<Object> items) {
        int[] at = slice.indices(sequence.size());
        int count = PySlice.length(at);
        if (at[2] == 1) {
            // Python inserts at start when stop lies before it (l[4:1] = [x])
            List<Object> replaced = sequence.subList(at[0], Math.max(at[0], at[1]));
            List<Object> removed = new ArrayList<>(replaced);
            replaced.clear();
            sequence.addAll(at[0], items);
            return removed;
        }
        if (items.size() != count) {
            throw new IllegalArgumentException("attempt to assign sequence of size " + items.size()
                    + " to extended slice of size " + count);
        }
        List<Object> removed = new ArrayList<>(count);
        for (int i = 0, index = at[0]; i < count; i++, index += at[2]) {
            removed.add(sequence.set(index, items.get(i)));
        }
        return removed;
    }

    /** Python's {@code del sequence[slice]}; returns the items removed. */
    static List<Object> deleteSlice(List<Object> sequence, PySlice slice) {
        int[] at = slice.indices(sequence.size());
        int count = PySlice.length(at);
        List<Object> removed = new ArrayList<>(count);
        if (count == 0) {
            return removed;
        }
        int lowest = Math.min(at[0], at[0] + (count - 1) * at[2]);
        int stride = Math.abs(at[2]);
        // from the highest index down, so that the lower ones stay where they are
        for (int k = count - 1; k >= 0; k--) {
            removed.add(sequence.remove(lowest + k * stride));
        }
        return removed;
    }

    /** Python's {@code type(value).__name__} of what a pickle or a Java client sends, for error messages. */
    static String typeName(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof String || value instanceof Character) {
            return "str";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double || value instanceof Float) {
            return "float";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof PyTuple) {
            return "tuple";
        }
        if (value instanceof PySlice) {
            return "slice";
        }
        return value instanceof List ? "list" : value instanceof Map ? "dict" : value instanceof Set ? "set"
                : value.getClass().getName();
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
