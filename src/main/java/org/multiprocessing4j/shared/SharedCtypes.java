package org.multiprocessing4j.shared;

import java.util.Objects;

/**
 * The module-level functions of CPython's {@code multiprocessing.sharedctypes}:
 * {@code copy(obj)} and {@code synchronized(obj, lock)} ({@code synchronized} is a Java keyword,
 * hence {@link #synchronize}). The constructors of {@link RawValue}, {@link RawArray},
 * {@link Value} and {@link Array} are the module's {@code RawValue}, {@code RawArray},
 * {@code Value} and {@code Array}.
 */
public final class SharedCtypes {
    private SharedCtypes() {
    }

    /** CPython's {@code copy(obj)}: a new shared value holding what {@code obj} holds now. */
    public static <T> RawValue<T> copy(RawValue<T> obj) {
        RawValue<T> copy = new RawValue<>(obj.getTypecode(), obj.get());
        return copy;
    }

    /** CPython's {@code copy(obj)}: a new shared array holding a copy of {@code obj}'s memory. */
    public static <T> RawArray<T> copy(RawArray<T> obj) {
        RawArray<T> copy = new RawArray<>(obj.getTypecode(), obj.length());
        copy.copyCellsFrom(obj);
        return copy;
    }

    /**
     * CPython's {@code synchronized(obj, lock)}: {@code obj} itself (not a copy) guarded by
     * {@code lock}, or by a new {@link org.multiprocessing4j.sync.RLock} when {@code lock} is null.
     */
    public static <T> Value<T> synchronize(RawValue<T> obj, java.util.concurrent.locks.Lock lock) {
        return new Value<>(Objects.requireNonNull(obj, "obj"), lock);
    }

    /** CPython's {@code synchronized(obj, lock)} for an array; see {@link #synchronize(RawValue, java.util.concurrent.locks.Lock)}. */
    public static <T> Array<T> synchronize(RawArray<T> obj, java.util.concurrent.locks.Lock lock) {
        return new Array<>(Objects.requireNonNull(obj, "obj"), lock);
    }
}
