package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Blocks;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.RandomAccess;

/**
 * Python's {@code range}: the integers from {@code start} up to (or, with a negative step, down
 * to) {@code stop}, exclusive, as an immutable list that holds no element. {@code pool.map(f,
 * range(100000))} in Python is {@code pool.map(f, Range.of(100000))} here, and costs the same: a
 * {@link Pool} sends a range's chunks to its workers as numbers computed from the range, never
 * boxing an element in the calling process (a list built in a loop is boxed by that loop, which
 * a new JVM runs in its interpreter).
 *
 * <p>It is a {@code List<Integer>} like any other for everything else; it travels to another
 * process as an {@code ArrayList} of its elements.
 */
public final class Range extends AbstractList<Integer> implements RandomAccess, Serializable {
    private static final long serialVersionUID = 1L;

    // Longs, as Python's ints: a slice's bounds (first element, stop) can lie past an int's
    // range though every element is an int.
    private final long start;
    private final long stop;
    private final int step;
    private final int size;

    private Range(long start, long stop, int step, int size) {
        this.start = start;
        this.stop = stop;
        this.step = step;
        this.size = size;
    }

    /** Python's {@code range(stop)}: 0, 1, …, {@code stop - 1}; empty if {@code stop <= 0}. */
    public static Range of(int stop) {
        return of(0, stop, 1);
    }

    /** Python's {@code range(start, stop)}. */
    public static Range of(int start, int stop) {
        return of(start, stop, 1);
    }

    /**
     * Python's {@code range(start, stop, step)}.
     *
     * @throws IllegalArgumentException if {@code step} is 0 (Python's {@code ValueError}), or if
     *                                  the range has more elements than a list can count
     *                                  ({@code Integer.MAX_VALUE}; Python's {@code len()} raises
     *                                  {@code OverflowError} past its own limit)
     */
    public static Range of(int start, int stop, int step) {
        if (step == 0) {
            throw new IllegalArgumentException("range() arg 3 must not be zero");
        }
        long span = step > 0 ? (long) stop - start : (long) start - stop;
        long stride = Math.abs((long) step);
        // Every element is an int (the last is at most stop - 1 or at least stop + 1): only the
        // count needs a long on the way.
        long size = Math.max(0, (span + stride - 1) / stride);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("range(" + start + ", " + stop + ", " + step + ") has " + size
                    + " elements, more than a list holds");
        }
        return new Range(start, stop, step, (int) size);
    }

    @Override
    public Integer get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("range object index " + index + " out of range for size " + size);
        }
        return at(index);
    }

    private int at(int index) {
        return (int) bound(index);
    }

    /** Python's {@code start + index * step}: an element for an index below the size. */
    private long bound(int index) {
        return start + (long) step * index;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Range subList(int fromIndex, int toIndex) {
        if (fromIndex < 0 || toIndex > size || fromIndex > toIndex) {
            throw new IndexOutOfBoundsException("subList(" + fromIndex + ", " + toIndex + ") of a range of " + size);
        }
        // Python's slice of a range: range(start + from * step, start + to * step, step).
        return new Range(bound(fromIndex), bound(toIndex), step, toIndex - fromIndex);
    }

    @Override
    public int indexOf(Object o) {
        if (!(o instanceof Integer)) {
            return -1;
        }
        long offset = (Integer) o - start;
        if (offset % step != 0) {
            return -1;
        }
        long index = offset / step;
        return index >= 0 && index < size ? (int) index : -1;
    }

    @Override
    public int lastIndexOf(Object o) {
        return indexOf(o);
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }

    /** The elements as ints, computed block by block (see {@link Blocks}): what a chunk sends. */
    int[] toInts() {
        int[] values = new int[size];
        Blocks.run(size, (from, to) -> fill(values, from, to));
        return values;
    }

    private boolean fill(int[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            values[i] = at(i);
        }
        return true;
    }

    /** Python's repr: {@code range(0, 10)}, or {@code range(0, 10, 2)}. */
    @Override
    public String toString() {
        return step == 1 ? "range(" + start + ", " + stop + ")" : "range(" + start + ", " + stop + ", " + step + ")";
    }

    /** A plain list in the stream: no class of this library's has to be allowed to read it. */
    private Object writeReplace() {
        return new ArrayList<>(this);
    }

    /**
     * Refuses a stream that names this class: a range is never written as one (see
     * {@link #writeReplace()}), so such bytes were made by hand, with fields that need not
     * agree with each other.
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Range travels as an ArrayList, never as itself");
    }
}
