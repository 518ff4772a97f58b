package org.multiprocessing4j.serialization.pickle;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * A Python {@code slice(start, stop, step)}: what {@code l[1:3]}, {@code l[1:3] = […]} and
 * {@code del l[::2]} send as the index of {@code __getitem__}, {@code __setitem__} and
 * {@code __delitem__} (CPython's list and array proxies pickle it as
 * {@code builtins.slice(start, stop, step)}). A part that was {@code None} is {@code null}; the
 * parts are kept as they came, since a slice of anything is a valid Python object, and checked
 * by {@link #indices}.
 *
 * @param start the first index, or null
 * @param stop  the index it stops before, or null
 * @param step  the stride, or null (1)
 */
public record PySlice(Object start, Object stop, Object step) implements Serializable {

    /** {@code slice(start, stop)}: Python's {@code [start:stop]}. */
    public static PySlice of(Object start, Object stop) {
        return new PySlice(start, stop, null);
    }

    /**
     * Python's {@code slice.indices(length)}: the start, stop and step that this slice selects in
     * a sequence of {@code length} items, clamped to it, negative indices counted from the end.
     *
     * @throws ClassCastException       (Python's TypeError) if a part is neither an integer nor null
     * @throws IllegalArgumentException (Python's ValueError) if the step is zero
     */
    public int[] indices(int length) {
        long stride = part(step, 1);
        if (stride == 0) {
            throw new IllegalArgumentException("slice step cannot be zero");
        }
        boolean backwards = stride < 0;
        long first = clamp(part(start, backwards ? length - 1 : 0), length, backwards);
        long last = clamp(part(stop, backwards ? -1 - (long) length : length), length, backwards);
        return new int[] {(int) first, (int) last, (int) Math.max(-Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE, stride))};
    }

    /** How many items {@code indices} selects: Python's {@code PySlice_AdjustIndices} result. */
    public static int length(int[] indices) {
        long start = indices[0];
        long stop = indices[1];
        long step = indices[2];
        if (step < 0) {
            return stop < start ? (int) ((start - stop - 1) / -step + 1) : 0;
        }
        return start < stop ? (int) ((stop - start - 1) / step + 1) : 0;
    }

    /** A part as Python's {@code __index__} reads it, saturated as CPython saturates at {@code Py_ssize_t}. */
    private static long part(Object value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Math.max(-Integer.MAX_VALUE * 4L, Math.min(Integer.MAX_VALUE * 4L, ((Number) value).longValue()));
        }
        if (value instanceof BigInteger b) {
            return b.signum() < 0 ? -Integer.MAX_VALUE * 4L : Integer.MAX_VALUE * 4L;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new ClassCastException("slice indices must be integers or None or have an __index__ method");
    }

    private static long clamp(long index, int length, boolean backwards) {
        if (index < 0) {
            index += length;
            if (index < 0) {
                return backwards ? -1 : 0;
            }
        } else if (index >= length) {
            return backwards ? length - 1 : length;
        }
        return index;
    }

    /** Python's {@code repr}: {@code slice(1, 3, None)}. */
    @Override
    public String toString() {
        return "slice(" + PyValues.repr(start) + ", " + PyValues.repr(stop) + ", " + PyValues.repr(step) + ")";
    }
}
