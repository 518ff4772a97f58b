package org.multiprocessing4j.managers;

import java.util.List;

/**
 * The proxy of a managed {@code Array}: Python's {@code ArrayProxy} — {@code len(a)},
 * {@code a[i]}, {@code a[i] = x} — as {@link #length()}, {@link #get} and {@link #set}.
 * Values are of the typecode's Java type ({@code Integer} for {@code 'i'}, {@code Double} for
 * {@code 'd'}).
 */
public final class ArrayProxy<T> extends BaseProxy {
    private static final long serialVersionUID = 1L;

    ArrayProxy(AutoProxy core) {
        super(core);
    }

    /** Python's {@code len(a)}. */
    public int length() {
        return ((Number) call("__len__")).intValue();
    }

    /**
     * Python's {@code a[index]}.
     *
     * @throws IndexOutOfBoundsException outside 0 to length - 1
     */
    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("array index out of range: " + index);
        }
        return (T) call("__getitem__", index);
    }

    /**
     * Python's {@code a[index] = value}.
     *
     * @throws IllegalArgumentException (Python's TypeError) if the value is not of the typecode's type
     */
    public void set(int index, T value) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("array index out of range: " + index);
        }
        call("__setitem__", index, value);
    }

    /** Every value, in one call: Python's {@code a._getvalue()} as a list. */
    @SuppressWarnings("unchecked")
    public List<T> toList() {
        return (List<T>) getValue();
    }
}
