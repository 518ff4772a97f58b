package org.multiprocessing4j.shared;

import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.sync.RLock;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A raw shared object and the process-shared lock that guards it: what {@link Value} and
 * {@link Array} share (CPython's {@code Synchronized} wrappers), {@link #close()} included.
 * Handed to children by inheritance only.
 */
abstract class Synchronized<R extends Cells<?>> implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    private final R obj;
    private final java.util.concurrent.locks.Lock lock;
    /** The lock, if it was made for this object, which then closes it too; else null. */
    private final RLock ownLock;

    /** Guarded by a new {@link RLock}, which {@link #close()} closes too. */
    Synchronized(R obj) {
        this(obj, new RLock(), true);
    }

    /**
     * Guarded by {@code lock}, which stays open when this is closed; a null lock is a new
     * {@link RLock} of its own, as CPython's {@code lock=None}.
     */
    Synchronized(R obj, java.util.concurrent.locks.Lock lock) {
        this(obj, lock == null ? new RLock() : lock, lock == null);
    }

    private Synchronized(R obj, java.util.concurrent.locks.Lock lock, boolean ownsLock) {
        if (!(lock instanceof Lock) && !(lock instanceof RLock)) {
            throw new IllegalArgumentException("the lock must be a multiprocessing4j Lock or RLock, which processes share, not "
                    + (lock == null ? "null" : lock.getClass().getName()));
        }
        this.obj = obj;
        this.lock = lock;
        this.ownLock = ownsLock ? (RLock) lock : null;
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
        requireOpen();
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** {@code action} on the object while holding the lock. */
    final void locked(Runnable action) {
        requireOpen();
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends this process's use of the shared memory at once, as {@link RawValue#close()} does,
     * and of the lock if it was made for this object (a lock it was given stays open, since it
     * may guard others). Idempotent; any later read or write in this process throws
     * {@link IllegalStateException}. No CPython counterpart.
     */
    @Override
    public final void close() {
        obj.close();
        if (ownLock != null) {
            ownLock.close();
        }
    }

    final boolean isClosed() {
        return obj.isClosed();
    }

    private void requireOpen() {
        obj.requireOpen(this);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        Inheritance.requireCollecting(getClass().getSimpleName());
        if (obj.isClosed()) {
            throw new InvalidObjectException(getClass().getSimpleName() + " is closed");
        }
        out.defaultWriteObject();
    }
}
