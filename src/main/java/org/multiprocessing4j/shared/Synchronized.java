package org.multiprocessing4j.shared;

import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.sync.RLock;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A raw shared object and the process-shared lock that guards it: what {@link Value} and
 * {@link Array} share (CPython's {@code Synchronized} wrappers). Handed to children by
 * inheritance only.
 */
abstract class Synchronized<R> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final R obj;
    private final java.util.concurrent.locks.Lock lock;

    Synchronized(R obj, java.util.concurrent.locks.Lock lock) {
        if (!(lock instanceof Lock) && !(lock instanceof RLock)) {
            throw new IllegalArgumentException("the lock must be a multiprocessing4j Lock or RLock, which processes share, not "
                    + (lock == null ? "null" : lock.getClass().getName()));
        }
        this.obj = obj;
        this.lock = lock;
    }

    /** The lock that guards the object ({@link RLock} unless another was given). */
    public final java.util.concurrent.locks.Lock getLock() {
        return lock;
    }

    /** The raw shared object, which the lock guards. */
    public final R getObj() {
        return obj;
    }

    /** {@code action} on the object while holding the lock. */
    final <V> V locked(Supplier<V> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** {@code action} on the object while holding the lock. */
    final void locked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        Inheritance.requireCollecting(getClass().getSimpleName());
        out.defaultWriteObject();
    }
}
