package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Words;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@link Lock} and {@link RLock} share: CPython's {@code acquire}/{@code release} and the
 * {@link java.util.concurrent.locks.Lock} methods, over one primitive acquire, and
 * {@link #close()}.
 */
abstract class SharedLock implements java.util.concurrent.locks.Lock, AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    final transient Mutex mutex;

    SharedLock(Mutex mutex) {
        this.mutex = mutex;
    }

    /**
     * Acquires it, waiting at most {@code timeoutNanos} (-1: for ever; 0: only tries).
     *
     * @throws InterruptedException only when {@code interruptible}; otherwise the interrupt
     *                              status is kept
     */
    abstract boolean acquireNanos(long timeoutNanos, boolean interruptible) throws InterruptedException;

    /**
     * Acquires it without waiting: if it is free, or if the process holding it has ended (taken
     * over with the warning a blocked acquire logs). For waits of this package that must not
     * block on the lock, yet must not be kept from it by a dead holder.
     */
    abstract boolean tryAcquireOrRecover();

    /** Releases it; see the subclass for who may. */
    public abstract void release();

    /** Blocks until acquired (CPython's {@code acquire()}). */
    public final void acquire() throws InterruptedException {
        acquireNanos(-1, true);
    }

    /**
     * CPython's {@code acquire(timeout=...)}: waits at most {@code timeout} (null: for ever; zero
     * or negative: only tries).
     *
     * @return whether it was acquired
     */
    public final boolean acquire(Duration timeout) throws InterruptedException {
        return acquireNanos(Words.nanos(timeout), true);
    }

    /**
     * CPython's {@code acquire(block, timeout)}: with {@code block}, as {@link #acquire(Duration)};
     * without, only tries, whatever {@code timeout} says (as CPython ignores it then).
     *
     * @return whether it was acquired
     */
    public final boolean acquire(boolean block, Duration timeout) throws InterruptedException {
        return block ? acquire(timeout) : tryLock();
    }

    private boolean acquireUninterruptibly(long timeoutNanos) {
        try {
            return acquireNanos(timeoutNanos, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public final void lock() {
        acquireUninterruptibly(-1);
    }

    @Override
    public final void lockInterruptibly() throws InterruptedException {
        acquire();
    }

    @Override
    public final boolean tryLock() {
        return acquireUninterruptibly(0);
    }

    @Override
    public final boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquireNanos(Math.max(0, unit.toNanos(time)), true);
    }

    @Override
    public final void unlock() {
        release();
    }

    /**
     * Ends this process's use of the lock at once (no CPython counterpart: CPython frees a lock
     * when it is collected, as happens here too when it was not closed). Its shared memory goes
     * back to be reused by this process, unless a child was handed the lock: then it is kept
     * for the children, which go on using the lock after this process closed its copy.
     * Idempotent; any later use in this process throws {@link IllegalStateException}. Close it
     * only once no thread of this process uses it.
     */
    @Override
    public final void close() {
        mutex.close();
    }

    /** A new {@link Condition} over this lock, shared by processes as this lock is. */
    @Override
    public final Condition newCondition() {
        return new Condition(this);
    }
}
