package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;

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
 * 0.05 s. {@link #newCondition()} gives a {@link Condition} shared as the lock is.
 *
 * <p>Its memory is a block of 64 bytes in an arena shared with other small objects, so that
 * many locks need few descriptors; {@link #close()} gives it back at once, and a lock dropped
 * without closing gives it back once collected.
 */
public final class Lock extends SharedLock {
    private static final long serialVersionUID = 1L;

    /** A new, unlocked lock. */
    public Lock() {
        this(Handed.newSegment());
    }

    Lock(Segment memory) {
        super(new Mutex(memory, "Lock"));
    }

    @Override
    boolean acquireNanos(long timeoutNanos, boolean interruptible) throws InterruptedException {
        return timeoutNanos == 0 ? mutex.tryAcquire() : mutex.acquire(timeoutNanos, interruptible);
    }

    @Override
    boolean tryAcquireOrRecover() {
        return mutex.tryAcquire() || mutex.tryRecover();
    }

    /**
     * Releases it, whoever acquired it.
     *
     * @throws IllegalMonitorStateException if it is not locked
     */
    @Override
    public void release() {
        mutex.release();
    }

    /**
     * Takes the lock over, as a blocked acquire would after a while, if the process holding it
     * has ended (the warning is logged the same way); never waits. No CPython counterpart: for
     * code that waits on something else while the holder of this lock should make progress, and
     * must not wait for ever when that holder died (the queues' readers, about their writers).
     *
     * @return whether this process holds the lock now, taken from a dead holder
     */
    public boolean recoverIfHolderDied() {
        return mutex.tryRecover();
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
    public String toString() {
        if (mutex.isClosed()) {
            return "<Lock(closed)>";
        }
        int holder = mutex.holder();
        return "<Lock(owner=" + (holder == 0 ? "None" : holder == Words.PID ? "this process" : "pid " + holder) + ")>";
    }

    private Object writeReplace() throws ObjectStreamException {
        return Handed.of(Handed.Kind.LOCK, "Lock", mutex.segment(), 0);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Lock is rebuilt from its inherited form only");
    }
}
