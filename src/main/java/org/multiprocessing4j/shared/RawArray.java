package org.multiprocessing4j.shared;

import java.util.ArrayList;
import java.util.Arrays;
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

    RawArray(Typecode typecode, int size) {
        super(typecode, size);
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
     * A {@code 'u'} (or {@code 'w'}) array's text: its characters up to the first NUL (CPython's
     * {@code value}).
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
     * Stores {@code text} in a {@code 'u'} (or {@code 'w'}) array, followed by a NUL if it is
     * shorter (CPython's {@code value = text}).
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

    /**
     * A {@code 'c'} array's bytes up to the first NUL: CPython's {@code value} of a
     * {@code c_char} array.
     *
     * @throws UnsupportedOperationException for another typecode
     */
    public byte[] getValueBytes() {
        byte[] raw = getRaw();
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return Arrays.copyOf(raw, end);
    }

    /**
     * Stores {@code bytes} in a {@code 'c'} array, followed by a NUL if they are fewer than its
     * length: CPython's {@code value = bytes}.
     *
     * @throws IllegalArgumentException ("byte string too long", as CPython) if they are more
     */
    public void setValue(byte[] bytes) {
        setRaw(bytes);
        if (bytes.length < length()) {
            setCell(bytes.length, zeroByte());
        }
    }

    /**
     * All the bytes of a {@code 'c'} array, NULs included: CPython's {@code raw}.
     *
     * @throws UnsupportedOperationException for another typecode
     */
    public byte[] getRaw() {
        requireChars();
        return bytes(length());
    }

    /**
     * Copies {@code bytes} to the start of a {@code 'c'} array, leaving the rest as it is:
     * CPython's {@code raw = bytes}.
     *
     * @throws IllegalArgumentException ("byte string too long", as CPython) if they are more
     *                                  than its length
     */
    public void setRaw(byte[] bytes) {
        requireChars();
        if (bytes.length > length()) {
            throw new IllegalArgumentException("byte string too long (" + bytes.length + " bytes for " + length() + ")");
        }
        putBytes(bytes);
    }

    @SuppressWarnings("unchecked")
    private T zeroByte() {
        return (T) Byte.valueOf((byte) 0);
    }

    private void requireText() {
        if (!typecode().isText()) {
            String hint = typecode() == Typecode.CHAR ? ": a 'c' array's value is bytes, see getValueBytes()" : "";
            throw new UnsupportedOperationException("only a 'u' or 'w' array has a text value, not a '"
                    + typecode().code() + "' one" + hint);
        }
    }

    private void requireChars() {
        if (typecode() != Typecode.CHAR) {
            throw new UnsupportedOperationException("only a 'c' array has bytes and raw bytes, not a '" + typecode().code() + "' one");
        }
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "RawArray(closed)";
        }
        return "RawArray('" + typecode().code() + "', " + toList() + ")";
    }
}
