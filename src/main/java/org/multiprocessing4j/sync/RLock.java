package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.nio.ByteBuffer;

/**
 * A reentrant lock shared by processes: CPython's {@code multiprocessing.RLock}. Its owner is
 * one thread of one process; the owner may acquire it again, and must release it as many times.
 * Handed to children by inheritance only, recovered from a dead holder process, and kept in
 * an arena's block, as a {@link Lock} is.
 */
public final class RLock extends SharedLock {
    private static final long serialVersionUID = 1L;
    /** The owner as (pid << 32 | thread id), written by the owner only, cleared before release. */
    private static final int OWNER = 8;
    private static final int COUNT = 16;

    private final transient ByteBuffer buffer;

    /** A new, unlocked reentrant lock. */
    public RLock() {
        this(Handed.newSegment());
    }

    RLock(Segment memory) {
        super(new Mutex(memory, "RLock"));
        this.buffer = mutex.buffer();
    }

    private static long me() {
        return ((long) Words.PID << 32) | (Thread.currentThread().getId() & 0xffff_ffffL);
    }

    /** Whether the calling thread of this process owns it. */
    public boolean isHeldByCurrentThread() {
        return mutex.holder() == Words.PID && Words.getLongVolatile(buffer, OWNER) == me();
    }

    /** How many times the owner has acquired it, 0 when free (a snapshot). */
    public int getHoldCount() {
        return mutex.holder() == 0 ? 0 : Words.getIntVolatile(buffer, COUNT);
    }

    @Override
    boolean acquireNanos(long timeoutNanos, boolean interruptible) throws InterruptedException {
        return reentered() || own(timeoutNanos == 0 ? mutex.tryAcquire() : mutex.acquire(timeoutNanos, interruptible));
    }

    @Override
    boolean tryAcquireOrRecover() {
        return reentered() || own(mutex.tryAcquire() || mutex.tryRecover());
    }

    /** Counts one more acquisition if the calling thread owns it already. */
    private boolean reentered() {
        if (!isHeldByCurrentThread()) {
            return false;
        }
        Words.setIntVolatile(buffer, COUNT, Words.getIntVolatile(buffer, COUNT) + 1);
        return true;
    }

    /** Records the calling thread as the owner once {@code acquired} says the mutex is this process's. */
    private boolean own(boolean acquired) {
        if (acquired) {
            // Also after taking it over from a dead owner: its count and owner are void.
            Words.setLongVolatile(buffer, OWNER, me());
            Words.setIntVolatile(buffer, COUNT, 1);
        }
        return acquired;
    }

    /**
     * Releases every acquisition of the owner at once (a {@link Condition} wait), returning how
     * many there were for {@link #restore(int)}.
     */
    int releaseAll() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot wait on un-acquired lock");
        }
        int count = Words.getIntVolatile(buffer, COUNT);
        Words.setIntVolatile(buffer, COUNT, 0);
        Words.setLongVolatile(buffer, OWNER, 0L);
        mutex.release();
        return count;
    }

    /** Acquires it again, uninterruptibly, with the count {@link #releaseAll()} returned. */
    void restore(int count) {
        lock();
        Words.setIntVolatile(buffer, COUNT, count);
    }

    /**
     * Releases one acquisition; the last one frees it.
     *
     * @throws IllegalMonitorStateException if the calling thread does not own it
     */
    @Override
    public void release() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot release un-acquired lock");
        }
        int count = Words.getIntVolatile(buffer, COUNT) - 1;
        Words.setIntVolatile(buffer, COUNT, count);
        if (count == 0) {
            Words.setLongVolatile(buffer, OWNER, 0L);
            mutex.release();
        }
    }

    @Override
    public String toString() {
        if (mutex.isClosed()) {
            return "<RLock(closed)>";
        }
        int holder = mutex.holder();
        String owner = holder == 0 ? "None" : isHeldByCurrentThread() ? "this thread" : "pid " + holder;
        return "<RLock(" + owner + ", " + getHoldCount() + ")>";
    }

    private Object writeReplace() throws ObjectStreamException {
        return Handed.of(Handed.Kind.RLOCK, "RLock", mutex.segment(), 0);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("an RLock is rebuilt from its inherited form only");
    }
}
