package org.multiprocessing4j.shared;

import org.multiprocessing4j.sync.RLock;

/**
 * One value of a {@link Typecode} in shared memory, guarded by a process-shared lock: CPython's
 * {@code multiprocessing.Value}. {@link #get()} and {@link #set} each hold the lock; a
 * read-modify-write needs it held around both, as in CPython:
 * <pre>{@code
 * Value<Integer> counter = new Value<>("i", 0);
 * counter.getLock().lock();
 * try {
 *     counter.set(counter.get() + 1);
 * } finally {
 *     counter.getLock().unlock();
 * }
 * }</pre>
 * Handed to children by inheritance only.
 *
 * @param <T> the Java type of the typecode (see {@link Typecode#javaType()})
 */
public final class Value<T> extends Synchronized<RawValue<T>> {
    private static final long serialVersionUID = 1L;

    /**
     * A value of {@code typecode} ("i", "d", ...) that starts as {@code initial}, with a new
     * {@link RLock}.
     *
     * @throws IllegalArgumentException for an unknown typecode or an initial value of another type
     */
    public Value(String typecode, T initial) {
        super(new RawValue<>(typecode, initial));
    }

    /** As {@link #Value(String, Object)}, guarded by {@code lock} (a multiprocessing4j Lock or RLock; null: a new RLock, as CPython's {@code lock=None}). */
    public Value(String typecode, T initial, java.util.concurrent.locks.Lock lock) {
        super(new RawValue<>(typecode, initial), lock);
    }

    /** A value of the typecode that holds {@code type} ({@link Typecode#of(Class)}), with a new RLock. */
    public Value(Class<T> type, T initial) {
        super(new RawValue<>(type, initial));
    }

    /** As {@link #Value(Class, Object)}, guarded by {@code lock}. */
    public Value(Class<T> type, T initial, java.util.concurrent.locks.Lock lock) {
        super(new RawValue<>(type, initial), lock);
    }

    /** {@code obj} itself guarded by {@code lock} (null: a new RLock): {@link SharedCtypes#synchronize}. */
    Value(RawValue<T> obj, java.util.concurrent.locks.Lock lock) {
        super(obj, lock);
    }

    /** The value, read under the lock. */
    public T get() {
        return locked(() -> getObj().get());
    }

    /** Stores {@code value} under the lock. */
    public void set(T value) {
        locked(() -> getObj().set(value));
    }

    @Override
    public String toString() {
        return isClosed() ? "<Value(closed)>" : "<Value of " + getObj() + ">";
    }
}
