package org.multiprocessing4j.shared;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A fixed-length array of a {@link Typecode} in shared memory, without a lock: CPython's
 * {@code multiprocessing.RawArray} (or {@code Array(..., lock=False)}). Handed to children by
 * inheritance only.
 *
 * @param <T> the Java type of the typecode (see {@link Typecode#javaType()})
 */
public final class RawArray<T> extends Cells<T> {
    private static final long serialVersionUID = 1L;

    /**
     * {@code size} zeros of {@code typecode}.
     *
     * @throws IllegalArgumentException for an unknown typecode or a negative size
     */
    public RawArray(String typecode, int size) {
        super(Typecode.of(typecode), size);
    }

    /** {@code size} zeros of the typecode that holds {@code type}. */
    public RawArray(Class<T> type, int size) {
        super(Typecode.of(type), size);
    }

    /** The values of {@code initializer}, of {@code typecode}. */
    public RawArray(String typecode, List<? extends T> initializer) {
        this(Typecode.of(typecode), initializer);
    }

    /** The values of {@code initializer}, of the typecode that holds {@code type}. */
    public RawArray(Class<T> type, List<? extends T> initializer) {
        this(Typecode.of(type), initializer);
    }

    RawArray(Typecode typecode, List<? extends T> initializer) {
        super(typecode, initializer.size());
        for (int i = 0; i < initializer.size(); i++) {
            set(i, initializer.get(i));
        }
    }

    /** The number of values. */
    public int length() {
        return cellCount();
    }

    /** The value at {@code index}. */
    public T get(int index) {
        return cell(index);
    }

    /** Stores {@code value} at {@code index} (truncated to the C type's bits, as ctypes does). */
    public void set(int index, T value) {
        setCell(index, value);
    }

    /** The typecode. */
    public Typecode getTypecode() {
        return typecode();
    }

    /** A copy of the values (CPython's {@code arr[:]}). */
    public List<T> toList() {
        List<T> values = new ArrayList<>(length());
        for (int i = 0; i < length(); i++) {
            values.add(get(i));
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * A {@code 'u'} array's text: its characters up to the first NUL (CPython's {@code value}).
     *
     * @throws UnsupportedOperationException for another typecode
     */
    public String getValue() {
        requireText();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length(); i++) {
            char c = (Character) get(i);
            if (c == 0) {
                break;
            }
            text.append(c);
        }
        return text.toString();
    }

    /**
     * Stores {@code text} in a {@code 'u'} array, followed by a NUL if it is shorter.
     *
     * @throws IllegalArgumentException if it is longer than the array
     */
    @SuppressWarnings("unchecked")
    public void setValue(String text) {
        requireText();
        if (text.length() > length()) {
            throw new IllegalArgumentException("string too long (" + text.length() + " characters for " + length() + ")");
        }
        for (int i = 0; i < text.length(); i++) {
            set(i, (T) Character.valueOf(text.charAt(i)));
        }
        if (text.length() < length()) {
            set(text.length(), (T) Character.valueOf('\0'));
        }
    }

    private void requireText() {
        if (typecode() != Typecode.WCHAR) {
            throw new UnsupportedOperationException("only a 'u' array has a text value, not a '" + typecode().code() + "' one");
        }
    }

    @Override
    public String toString() {
        return "RawArray('" + typecode().code() + "', " + toList() + ")";
    }
}
