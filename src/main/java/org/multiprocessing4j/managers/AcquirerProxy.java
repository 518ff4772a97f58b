package org.multiprocessing4j.managers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The proxy of a managed {@code Lock}, {@code RLock}, {@code Semaphore} or
 * {@code BoundedSemaphore}: Python's {@code AcquirerProxy} ({@code acquire(blocking, timeout)},
 * {@code release()}), and a {@link java.util.concurrent.locks.Lock} ({@code lock()} is
 * {@code acquire()}, {@code unlock()} {@code release()}).
 *
 * <p>An {@code RLock} belongs to the thread that took it (each thread has its own connection to
 * the manager); a {@code Lock} may be released by any thread of any process, as in Python. A
 * client that goes away holding it (killed, say) has it released for it (CPython keeps it taken
 * for ever). A waiting {@code acquire} waits in the manager: {@link Thread#interrupt()} does not
 * end it ({@link #lockInterruptibly()} checks the flag before it starts).
 *
 * <p>From a manager of {@code Multiprocessing.context("cluster")}, a {@code Lock} or
 * {@code RLock} is a Hazelcast {@code IMap} key lock of its own, taken and released in the
 * calling process (no call reaches the manager's process), and the proxy goes to any process
 * attached to the cluster. It belongs to the thread that took it: an {@code RLock} is exactly
 * that; a {@code Lock} released by another thread is forced open, as Python's is released, but
 * its holder's thread taking it again gets it again instead of blocking. The members release it
 * for a holder whose process leaves the cluster (after a SIGKILL, once their client cleanup delay,
 * about 10 s, has passed).
 */
public class AcquirerProxy extends BaseProxy implements java.util.concurrent.locks.Lock {
    private static final long serialVersionUID = 1L;

    AcquirerProxy(AutoProxy core) {
        super(core);
    }

    /** Python's {@code acquire()}: waits as long as it takes. */
    public void acquire() {
        call("acquire");
    }

    /** Python's {@code acquire(timeout=t)}: whether it was acquired within {@code timeout}. */
    public boolean acquire(Duration timeout) {
        return (Boolean) call("acquire", true, timeout.toNanos() / 1e9);
    }

    /** Python's {@code acquire(blocking)}: with false, whether it was free (taken then). */
    public boolean acquire(boolean blocking) {
        return (Boolean) call("acquire", blocking);
    }

    /**
     * Python's {@code acquire(blocking, timeout)}: with {@code block} false, whether it was free
     * (the timeout then ignored, as in Python); else whether it was acquired within
     * {@code timeout} (null: as long as it takes).
     */
    public boolean acquire(boolean block, Duration timeout) {
        if (!block || timeout == null) {
            return (Boolean) call("acquire", block);
        }
        return acquire(timeout);
    }

    /**
     * Python's {@code release()}.
     *
     * @throws IllegalStateException (Python's RuntimeError) if not held (by this thread, for an RLock)
     * @throws IllegalArgumentException (Python's ValueError) for a bounded semaphore released too often
     */
    public void release() {
        call("release");
    }

    @Override
    public void lock() {
        acquire();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        acquire();
    }

    @Override
    public boolean tryLock() {
        return acquire(false);
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return acquire(Duration.ofNanos(unit.toNanos(time)));
    }

    @Override
    public void unlock() {
        release();
    }

    /** Not here: a managed condition is {@code manager.condition(lock)}. */
    @Override
    public java.util.concurrent.locks.Condition newCondition() {
        throw new UnsupportedOperationException("use SyncManager.condition(lock) for a condition of a managed lock");
    }
}
