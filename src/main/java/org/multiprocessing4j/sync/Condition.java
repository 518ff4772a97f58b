package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A condition variable shared by processes, over a {@link Lock} or {@link RLock}: CPython's
 * {@code multiprocessing.Condition}, and a {@link java.util.concurrent.locks.Condition}.
 * Waiting and notifying need the lock held (for a {@link Lock}: by this process, which is all
 * a Lock knows). Python's names that {@link Object} owns have Java's names here, so that a
 * porter's {@code cond.wait()} cannot compile to {@link Object#wait()} by mistake:
 * {@code wait(timeout)} is {@link #await(Duration)}, {@code notify()} {@link #signal()},
 * {@code notify(n)} {@link #signal(int)}, {@code notify_all()} {@link #signalAll()};
 * {@code wait_for} is {@link #waitFor}, and {@code acquire}/{@code release} take and give back
 * the condition's lock, as in CPython.
 *
 * <p>As in CPython, a notify wakes only threads that were waiting when it was called, so a
 * later waiter cannot take a wake-up meant for an earlier one; here the longest waiting are
 * woken first. Unlike CPython's, a notify does not wait for the threads it woke, so it never
 * blocks, and it survives the death of any waiter: each waiter has a slot in shared memory
 * (pid, start time, arrival), and a wake-up given to a process killed before it took it (while
 * asleep, just woken, or waiting for the lock) is passed on within about 0.1 s to the thread
 * that waited longest among those the notify was meant for, with a warning on the
 * {@code multiprocessing4j.sync} logger naming the pid. A process killed after its wait
 * returned, lock held, took its wake-up with it, as a thread does that stops after waking.
 * A wait notices its time-out or an interrupt within about 0.05 s, and however it ends it
 * returns with the lock held again. At most 1022 threads may wait on one condition at once.
 * Handed to children by inheritance only.
 *
 * <p>A pid that the system gives to a new process while the dead one's slot is still there is
 * told apart by its start time (Linux: from /proc; elsewhere as {@link ProcessHandle} tells, to
 * the millisecond).
 */
public final class Condition implements java.util.concurrent.locks.Condition, AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    private final SharedLock lock;
    /** Whether the lock was made for this condition, which then closes it too. */
    private final boolean ownsLock;
    private final Segment memory;
    private transient Waiters waiters;

    /** A condition over a new {@link RLock}, as CPython's default; {@link #close()} closes that lock too. */
    public Condition() {
        this(new RLock(), true);
    }

    /**
     * A condition over {@code lock}.
     *
     * @throws IllegalArgumentException unless it is a multiprocessing4j {@link Lock} or {@link RLock}
     */
    public Condition(java.util.concurrent.locks.Lock lock) {
        this(lock, false);
    }

    private Condition(java.util.concurrent.locks.Lock lock, boolean ownsLock) {
        if (!(lock instanceof SharedLock)) {
            throw new IllegalArgumentException("a Condition needs a multiprocessing4j Lock or RLock, not "
                    + (lock == null ? "null" : lock.getClass().getName()));
        }
        this.lock = (SharedLock) lock;
        this.ownsLock = ownsLock;
        this.memory = Waiters.newSegment();
        this.waiters = new Waiters(memory.buffer());
    }

    /** The lock it is over. */
    public java.util.concurrent.locks.Lock getLock() {
        return lock;
    }

    private void requireOwned() {
        memory.requireOpen("Condition");
        boolean owned = lock instanceof RLock ? ((RLock) lock).isHeldByCurrentThread() : ((Lock) lock).isHeldByThisProcess();
        if (!owned) {
            throw new IllegalMonitorStateException("cannot wait on or notify an un-acquired lock");
        }
    }

    private int releaseLock() {
        if (lock instanceof RLock) {
            return ((RLock) lock).releaseAll();
        }
        lock.unlock();
        return 1;
    }

    private void restoreLock(int saved) {
        if (lock instanceof RLock) {
            ((RLock) lock).restore(saved);
        } else {
            lock.lock();
        }
    }

    /**
     * Releases the lock, waits for a wake-up at most {@code timeoutNanos} (-1: for ever), and
     * acquires the lock again however it ends. A wake-up that comes as the wait times out or is
     * interrupted is taken (the interrupt status is then set again), never lost.
     *
     * @return whether it was notified
     */
    private boolean waitNanos(long timeoutNanos, boolean interruptible) throws InterruptedException {
        requireOwned();
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        int slot = waiters.register();
        int saved = releaseLock();
        boolean waiting = true;
        boolean notified = false;
        boolean interrupted = false;
        try {
            long deadline = Words.deadline(timeoutNanos);
            long[] seen = Waiters.NONE;
            while (!(notified = waiters.notified(slot))) {
                interrupted |= Thread.interrupted();
                long slice = Words.slice(timeoutNanos, deadline);
                if (slice == 0 || (interrupted && interruptible)) {
                    waiting = false;
                    notified = !waiters.leave(slot);
                    break;
                }
                waiters.sleep(slot, slice);
                if (!waiters.notified(slot)) {
                    seen = waiters.passOnLost(slot, seen, lock);
                }
            }
        } finally {
            if (waiting && !notified) { // an unexpected exception
                notified = !waiters.leave(slot);
            }
            restoreLock(saved);
            if (notified) {
                waiters.consume(slot);
            }
        }
        if (interrupted && interruptible && !notified) {
            throw new InterruptedException();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return notified;
    }

    /**
     * CPython's {@code wait(timeout)}: releases the lock, waits until notified or
     * {@code timeout} (null: for ever) has passed, and acquires the lock again.
     *
     * @return false if it timed out
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return waitNanos(Words.nanos(timeout), true);
    }

    /** CPython's {@code acquire()}: takes the condition's lock. */
    public void acquire() throws InterruptedException {
        lock.acquire();
    }

    /** CPython's {@code acquire(timeout=...)}: takes the condition's lock, waiting at most {@code timeout}. */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return lock.acquire(timeout);
    }

    /** CPython's {@code acquire(block, timeout)} on the condition's lock. */
    public boolean acquire(boolean block, Duration timeout) throws InterruptedException {
        return lock.acquire(block, timeout);
    }

    /** CPython's {@code release()}: gives the condition's lock back. */
    public void release() {
        lock.release();
    }

    /**
     * CPython's {@code wait_for}: waits until {@code predicate} (evaluated with the lock held)
     * is true, at most {@code timeout} in all (null: for ever).
     *
     * @return the predicate's last value
     */
    public boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        long timeoutNanos = Words.nanos(timeout);
        long deadline = Words.deadline(timeoutNanos);
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long left = timeoutNanos < 0 ? -1 : deadline - System.nanoTime();
            if (timeoutNanos >= 0 && left <= 0) {
                break;
            }
            waitNanos(left, true);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /**
     * CPython's {@code notify(n)}: wakes at most {@code n} of the threads waiting now, those
     * that waited longest, and returns without waiting for them.
     *
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public void signal(int n) {
        requireOwned();
        if (n > 0) {
            waiters.notify(n);
        }
    }

    /** CPython's {@code notify()}: wakes the thread that waited longest, if any. */
    @Override
    public void signal() {
        signal(1);
    }

    /** CPython's {@code notify_all()}: wakes every thread waiting now. */
    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    @Override
    public void await() throws InterruptedException {
        waitNanos(-1, true);
    }

    @Override
    public void awaitUninterruptibly() {
        try {
            waitNanos(-1, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long end = System.nanoTime() + Math.max(0, nanosTimeout);
        waitNanos(Math.max(0, nanosTimeout), true);
        return end - System.nanoTime();
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return waitNanos(Math.max(0, unit.toNanos(time)), true);
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        long millis = deadline.getTime() - System.currentTimeMillis();
        return waitNanos(Math.max(0, TimeUnit.MILLISECONDS.toNanos(millis)), true);
    }

    @Override
    public String toString() {
        return memory.isClosed() ? "<Condition(closed)>" : "<Condition(" + lock + ", " + waiters.waiting() + " waiting)>";
    }

    /**
     * Ends this process's use of it at once, as {@link Lock#close()} does, and of its lock if
     * {@link #Condition()} made that lock (a lock it was given stays open). Idempotent; any
     * later use in this process throws {@link IllegalStateException}. No CPython counterpart.
     */
    @Override
    public void close() {
        memory.close();
        if (ownsLock) {
            lock.close();
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        Inheritance.requireCollecting("Condition");
        if (memory.isClosed()) {
            throw new InvalidObjectException("Condition is closed");
        }
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        waiters = new Waiters(memory.buffer());
    }

}
