package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.IOException;
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
 * a Lock knows). Python's {@code notify()} and {@code notify_all()} are {@link #signal()} and
 * {@link #signalAll()} here ({@link Object} owns those names), {@code notify(n)} is
 * {@link #notify(int)}, {@code wait} is {@link #wait(Duration)} and {@code wait_for} is
 * {@link #waitFor}.
 *
 * <p>It follows CPython's algorithm: a notify returns only after the waiters it woke have
 * acknowledged, so a wake-up always reaches a waiter that was waiting when it was sent. As in
 * CPython, a notify therefore waits for ever if a process it woke is killed before it
 * acknowledged (between two instructions of its wait). Handed to children by inheritance only.
 */
public final class Condition implements java.util.concurrent.locks.Condition, Serializable {
    private static final long serialVersionUID = 1L;

    private final java.util.concurrent.locks.Lock lock;
    /** Waiters that registered and were not yet accounted for by a notify. */
    private final Semaphore sleeping = new Semaphore(0);
    /** Acknowledgements of waiters that stopped waiting, notified or not. */
    private final Semaphore woken = new Semaphore(0);
    /** Wake-ups granted by notify. */
    private final Semaphore wakeUp = new Semaphore(0);

    /** A condition over a new {@link RLock}, as CPython's default. */
    public Condition() {
        this(new RLock());
    }

    /**
     * A condition over {@code lock}.
     *
     * @throws IllegalArgumentException unless it is a multiprocessing4j {@link Lock} or {@link RLock}
     */
    public Condition(java.util.concurrent.locks.Lock lock) {
        if (!(lock instanceof SharedLock)) {
            throw new IllegalArgumentException("a Condition needs a multiprocessing4j Lock or RLock, not "
                    + (lock == null ? "null" : lock.getClass().getName()));
        }
        this.lock = lock;
    }

    /** The lock it is over. */
    public java.util.concurrent.locks.Lock getLock() {
        return lock;
    }

    private void requireOwned() {
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
     * Releases the lock, waits for a notification at most {@code timeoutNanos} (-1: for ever),
     * and acquires the lock again, also when interrupted. CPython's algorithm: the sleeper counts
     * itself in {@code sleeping}, takes a unit of {@code wakeUp}, and acknowledges in
     * {@code woken} whether it was notified or not.
     *
     * @return whether it was notified
     */
    private boolean waitNanos(long timeoutNanos, boolean interruptible) throws InterruptedException {
        requireOwned();
        sleeping.release();
        int saved = releaseLock();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return timeoutNanos < 0 ? acquireForever(wakeUp) : wakeUp.tryAcquire(Duration.ofNanos(timeoutNanos));
                } catch (InterruptedException e) {
                    if (interruptible) {
                        throw e;
                    }
                    interrupted = true;
                }
            }
        } finally {
            woken.release();
            restoreLock(saved);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean acquireForever(Semaphore semaphore) throws InterruptedException {
        semaphore.acquire();
        return true;
    }

    /**
     * CPython's {@code wait(timeout)}: releases the lock, waits until notified or
     * {@code timeout} (null: for ever) has passed, and acquires the lock again.
     *
     * @return false if it timed out
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public boolean wait(Duration timeout) throws InterruptedException {
        return waitNanos(Words.nanos(timeout), true);
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
     * Wakes at most {@code n} of the waiters, and returns once they have woken up (CPython's
     * algorithm, so that no later waiter can take a wake-up meant for an earlier one).
     *
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public void notify(int n) {
        requireOwned();
        // Waiters that timed out since the last notify have acknowledged without a wake-up.
        while (woken.tryAcquire()) {
            sleeping.tryAcquire();
        }
        int sleepers = 0;
        while (sleepers < n && sleeping.tryAcquire()) {
            wakeUp.release();
            sleepers++;
        }
        if (sleepers == 0) {
            return;
        }
        boolean interrupted = false;
        for (int i = 0; i < sleepers; i++) {
            while (true) {
                try {
                    woken.acquire();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        // A waiter that timed out as it was woken left its wake-up behind: take it back.
        while (wakeUp.tryAcquire()) {
            continue;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void signal() {
        notify(1);
    }

    @Override
    public void signalAll() {
        notify(Integer.MAX_VALUE);
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
        return "<Condition(" + lock + ", " + (sleeping.getValue() - woken.getValue()) + " waiting)>";
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        Inheritance.requireCollecting("Condition");
        out.defaultWriteObject();
    }

}
