package org.multiprocessing4j.sync;

import org.multiprocessing4j.shared.SharedMemory;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * A lock shared by processes: CPython's {@code multiprocessing.Lock}. Not reentrant; any
 * process or thread may release it, as in CPython. Handed to children by inheritance (reachable
 * from a {@code Process} target at {@code start()}); sending it later through a connection is
 * refused, as CPython refuses.
 *
 * <p>Unlike CPython's, a lock whose holder process died does not block its next acquirer for
 * ever: a waiter notices within about 0.1 s, takes the lock over, and the
 * {@code multiprocessing4j} logger warns which pid died holding it. (A non-blocking
 * {@link #tryLock()} does not look for dead holders.) An interrupted wait ends within about
 * 0.05 s.
 */
public final class Lock implements java.util.concurrent.locks.Lock, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient SharedMemory memory;
    private final transient Mutex mutex;

    /** A new, unlocked lock. */
    public Lock() {
        this(Handed.newSegment());
    }

    Lock(SharedMemory memory) {
        this.memory = memory;
        this.mutex = new Mutex(memory.getBuffer(), "Lock");
    }

    /** Blocks until acquired (CPython's {@code acquire()}). */
    public void acquire() throws InterruptedException {
        mutex.acquire(-1, true);
    }

    /**
     * CPython's {@code acquire(timeout=...)}: waits at most {@code timeout} (null: for ever; zero
     * or negative: only tries).
     *
     * @return whether it was acquired
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return mutex.acquire(Words.nanos(timeout), true);
    }

    /**
     * Releases it, whoever acquired it.
     *
     * @throws IllegalMonitorStateException if it is not locked
     */
    public void release() {
        mutex.release();
    }

    /** Whether some process holds it now (a snapshot). */
    public boolean isLocked() {
        return mutex.holder() != 0;
    }

    /** Whether a thread of this process holds it (Lock does not know which thread). */
    boolean isHeldByThisProcess() {
        return mutex.holder() == Words.PID;
    }

    @Override
    public void lock() {
        try {
            mutex.acquire(-1, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire();
    }

    @Override
    public boolean tryLock() {
        return mutex.tryAcquire();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return mutex.acquire(Math.max(0, unit.toNanos(time)), true);
    }

    @Override
    public void unlock() {
        release();
    }

    /**
     * Not supported by this lock.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("multiprocessing4j's Lock has no java.util.concurrent Condition");
    }

    @Override
    public String toString() {
        int holder = mutex.holder();
        return "<Lock(owner=" + (holder == 0 ? "None" : holder == Words.PID ? "this process" : "pid " + holder) + ")>";
    }

    private Object writeReplace() throws ObjectStreamException {
        return Handed.of(Handed.Kind.LOCK, "Lock", memory, 0);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Lock is rebuilt from its inherited form only");
    }
}
