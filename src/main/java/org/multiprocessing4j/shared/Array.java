package org.multiprocessing4j.shared;

import org.multiprocessing4j.sync.RLock;

import java.util.List;

/**
 * A fixed-length array of a {@link Typecode} in shared memory, guarded by a process-shared
 * lock: CPython's {@code multiprocessing.Array}. Each call holds the lock; a read-modify-write
 * needs {@link #getLock()} held around it, as in CPython. Handed to children by inheritance only.
 *
 * @param <T> the Java type of the typecode (see {@link Typecode#javaType()})
 */
public final class Array<T> extends Synchronized<RawArray<T>> {
    private static final long serialVersionUID = 1L;

    /**
     * {@code size} zeros of {@code typecode}, with a new {@link RLock}.
     *
     * @throws IllegalArgumentException for an unknown typecode or a negative size
     */
    public Array(String typecode, int size) {
        super(new RawArray<>(typecode, size));
    }

    /** As {@link #Array(String, int)}, guarded by {@code lock} (a multiprocessing4j Lock or RLock; null: a new RLock, as CPython's {@code lock=None}). */
    public Array(String typecode, int size, java.util.concurrent.locks.Lock lock) {
        super(new RawArray<>(typecode, size), lock);
    }

    /** The values of {@code initializer}, of {@code typecode}, with a new {@link RLock}. */
    public Array(String typecode, List<? extends T> initializer) {
        super(new RawArray<>(typecode, initializer));
    }

    /** As {@link #Array(String, List)}, guarded by {@code lock}. */
    public Array(String typecode, List<? extends T> initializer, java.util.concurrent.locks.Lock lock) {
        super(new RawArray<>(typecode, initializer), lock);
    }

    /** {@code obj} itself guarded by {@code lock} (null: a new RLock): {@link SharedCtypes#synchronize}. */
    Array(RawArray<T> obj, java.util.concurrent.locks.Lock lock) {
        super(obj, lock);
    }

    /** {@code size} zeros of the typecode that holds {@code type}, with a new RLock. */
    public Array(Class<T> type, int size) {
        super(new RawArray<>(type, size));
    }

    /** The values of {@code initializer}, of the typecode that holds {@code type}, with a new RLock. */
    public Array(Class<T> type, List<? extends T> initializer) {
        super(new RawArray<>(type, initializer));
    }

    /** The number of values. */
    public int length() {
        return getObj().length();
    }

    /** The value at {@code index}, read under the lock. */
    public T get(int index) {
        return locked(() -> getObj().get(index));
    }

    /** Stores {@code value} at {@code index} under the lock. */
    public void set(int index, T value) {
        locked(() -> getObj().set(index, value));
    }

    /** A copy of the values, taken under the lock. */
    public List<T> toList() {
        return locked(() -> getObj().toList());
    }

    /** A {@code 'u'} or {@code 'w'} array's text up to the first NUL, under the lock; see {@link RawArray#getValue()}. */
    public String getValue() {
        return locked(() -> getObj().getValue());
    }

    /** Stores {@code text} in a {@code 'u'} or {@code 'w'} array under the lock; see {@link RawArray#setValue(String)}. */
    public void setValue(String text) {
        locked(() -> getObj().setValue(text));
    }

    /** A {@code 'c'} array's bytes up to the first NUL, under the lock; see {@link RawArray#getValueBytes()}. */
    public byte[] getValueBytes() {
        return locked(() -> getObj().getValueBytes());
    }

    /** Stores {@code bytes} in a {@code 'c'} array under the lock; see {@link RawArray#setValue(byte[])}. */
    public void setValue(byte[] bytes) {
        locked(() -> getObj().setValue(bytes));
    }

    /** A {@code 'c'} array's bytes, NULs included, under the lock; see {@link RawArray#getRaw()}. */
    public byte[] getRaw() {
        return locked(() -> getObj().getRaw());
    }

    /** Copies {@code bytes} to the start of a {@code 'c'} array under the lock; see {@link RawArray#setRaw(byte[])}. */
    public void setRaw(byte[] bytes) {
        locked(() -> getObj().setRaw(bytes));
    }

    @Override
    public String toString() {
        return isClosed() ? "<Array(closed)>" : "<Array of " + getObj() + ">";
    }
}
