package org.multiprocessing4j.shared;

/**
 * One value of a {@link Typecode} in shared memory, without a lock: CPython's
 * {@code multiprocessing.RawValue} (or {@code Value(..., lock=False)}). Handed to children by
 * inheritance only.
 *
 * @param <T> the Java type of the typecode (see {@link Typecode#javaType()})
 */
public final class RawValue<T> extends Cells<T> {
    private static final long serialVersionUID = 1L;

    /**
     * A value of {@code typecode} ("i", "d", ...) that starts as {@code initial}.
     *
     * @throws IllegalArgumentException for an unknown typecode or an initial value of another type
     */
    public RawValue(String typecode, T initial) {
        this(Typecode.of(typecode), initial);
    }

    /** A value of the typecode that holds {@code type} ({@link Typecode#of(Class)}). */
    public RawValue(Class<T> type, T initial) {
        this(Typecode.of(type), initial);
    }

    RawValue(Typecode typecode, T initial) {
        super(typecode, 1);
        set(initial);
    }

    /** The value now. */
    public T get() {
        return cell(0);
    }

    /** Stores {@code value} (truncated to the C type's bits, as ctypes does). */
    public void set(T value) {
        setCell(0, value);
    }

    /** The typecode. */
    public Typecode getTypecode() {
        return typecode();
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "RawValue(closed)";
        }
        return "RawValue('" + typecode().code() + "', " + get() + ")";
    }
}
