package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.engine.SharedMap;
import org.multiprocessing4j.internal.runtime.Awaiting;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock or semaphore inside a managed {@code Lock}, {@code RLock}, {@code Semaphore} or
 * {@code BoundedSemaphore}, with Python's semantics and errors: a {@code Lock} may be released
 * by any client; an {@code RLock} belongs to the client thread that took it (its serving
 * thread here); releasing what is not held is Python's RuntimeError
 * ({@link IllegalStateException}), a bounded semaphore released too often its ValueError.
 */
abstract class Acquirer {

    /**
     * Python's {@code acquire(blocking, timeout)}.
     *
     * @param timeoutNanos negative for none
     * @throws InterruptedException if the client went away or the server stops
     */
    abstract boolean acquire(boolean blocking, long timeoutNanos) throws InterruptedException;

    /** Python's {@code release()}. */
    abstract void release();

    /** Whether the calling thread may wait on a condition over it: Python's {@code _is_owned()}. */
    abstract boolean isOwned();

    /** Releases it entirely before a condition's wait, returning what {@link #restore} takes back. */
    int saveAndRelease() {
        release();
        return 1;
    }

    /** Takes it back after a condition's wait, however long that takes: Python's {@code _acquire_restore}. */
    void restore(int saved) {
        boolean interrupted = false;
        for (int i = 0; i < saved; i++) {
            while (true) {
                try {
                    acquire(true, -1);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean acquire(Semaphore semaphore, boolean blocking, long timeoutNanos) throws InterruptedException {
        if (!blocking) {
            return semaphore.tryAcquire();
        }
        if (timeoutNanos < 0) {
            semaphore.acquire();
            return true;
        }
        return semaphore.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Python's {@code threading.Lock}: any client may release it. */
    static final class PlainLock extends Acquirer {
        private final Semaphore semaphore = new Semaphore(1);

        @Override
        boolean acquire(boolean blocking, long timeoutNanos) throws InterruptedException {
            return acquire(semaphore, blocking, timeoutNanos);
        }

        @Override
        synchronized void release() {
            if (semaphore.availablePermits() > 0) {
                throw new IllegalStateException("RuntimeError: release unlocked lock");
            }
            semaphore.release();
        }

        @Override
        boolean isOwned() {
            return semaphore.availablePermits() == 0;
        }

        @Override
        public String toString() {
            return "<" + (isOwned() ? "locked" : "unlocked") + " _thread.lock object>";
        }
    }

    /** Python's {@code threading.RLock}: re-entrant, owned by the client thread that took it. */
    static final class Reentrant extends Acquirer {
        private final ReentrantLock lock = new ReentrantLock();

        @Override
        boolean acquire(boolean blocking, long timeoutNanos) throws InterruptedException {
            if (!blocking) {
                return lock.tryLock();
            }
            if (timeoutNanos < 0) {
                lock.lockInterruptibly();
                return true;
            }
            return lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        void release() {
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("RuntimeError: cannot release un-acquired lock");
            }
            lock.unlock();
        }

        @Override
        boolean isOwned() {
            return lock.isHeldByCurrentThread();
        }

        @Override
        int saveAndRelease() {
            int count = lock.getHoldCount();
            for (int i = 0; i < count; i++) {
                lock.unlock();
            }
            return count;
        }

        @Override
        public String toString() {
            return "<" + (lock.isLocked() ? "locked" : "unlocked") + " _thread.RLock object count=" + lock.getHoldCount() + ">";
        }
    }

    /** Python's {@code threading.Semaphore(value)} and, bounded, {@code BoundedSemaphore(value)}. */
    static final class Counting extends Acquirer {
        private final Semaphore semaphore;
        private final int initial;
        private final boolean bounded;

        Counting(int value, boolean bounded) {
            requireInitialValue(value);
            this.semaphore = new Semaphore(value);
            this.initial = value;
            this.bounded = bounded;
        }

        @Override
        boolean acquire(boolean blocking, long timeoutNanos) throws InterruptedException {
            return acquire(semaphore, blocking, timeoutNanos);
        }

        @Override
        synchronized void release() {
            if (bounded && semaphore.availablePermits() >= initial) {
                throw new IllegalArgumentException("ValueError: Semaphore released too many times");
            }
            semaphore.release();
        }

        @Override
        boolean isOwned() {
            return true;
        }

        @Override
        public String toString() {
            return "<threading." + (bounded ? "BoundedSemaphore" : "Semaphore") + " at 0x"
                    + Integer.toHexString(System.identityHashCode(this)) + ": value=" + semaphore.availablePermits()
                    + (bounded ? "/" + initial : "") + ">";
        }
    }

    /** Python's check of a semaphore's initial value. */
    static void requireInitialValue(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("ValueError: semaphore initial value must be >= 0");
        }
    }

    /**
     * A {@code Semaphore} or {@code BoundedSemaphore} of a manager of
     * {@code Multiprocessing.context("cluster")}: its count is an entry of a map the cluster keeps,
     * taken and given back by compare-and-set in the calling process, and a blocked
     * {@code acquire} looks at it again every 20 ms. As Python's, it has no owner: what a process
     * that dies had taken stays taken.
     */
    static final class SharedCounting extends Acquirer {
        /** The entries of the count and of the initial value (a bounded semaphore's bound). */
        private static final String VALUE = "value";
        private static final String INITIAL = "initial";

        private final Map<Object, Object> map;
        private final boolean bounded;
        /** The initial value, read once (it never changes): one call to a member less a release. */
        private long initial = -1;

        SharedCounting(Map<Object, Object> map, boolean bounded) {
            this.map = map;
            this.bounded = bounded;
        }

        /**
         * Writes a new semaphore's count, {@code value} ({@link #requireInitialValue checked}),
         * into {@code map}, a new map of the cluster.
         */
        static void start(Map<Object, Object> map, int value) {
            map.put(INITIAL, (long) value);
            map.put(VALUE, (long) value);
        }

        @Override
        boolean acquire(boolean blocking, long timeoutNanos) throws InterruptedException {
            if (tryTake()) {
                return true;
            }
            return blocking && Awaiting.polling(this::tryTake, timeoutNanos, ClusterEntries.POLL_NANOS);
        }

        private boolean tryTake() {
            while (true) {
                long value = entry(VALUE);
                if (value <= 0) {
                    return false;
                }
                if (map.replace(VALUE, value, value - 1)) {
                    return true;
                }
            }
        }

        @Override
        void release() {
            while (true) {
                long value = entry(VALUE);
                if (bounded && value >= initial()) {
                    throw new IllegalArgumentException("ValueError: Semaphore released too many times");
                }
                if (map.replace(VALUE, value, value + 1)) {
                    return;
                }
            }
        }

        private long initial() {
            if (initial < 0) {
                initial = entry(INITIAL);
            }
            return initial;
        }

        private long entry(String key) {
            return ((Number) ClusterEntries.get(map, key)).longValue();
        }

        @Override
        boolean isOwned() {
            return true;
        }

        @Override
        public String toString() {
            return "<threading." + (bounded ? "BoundedSemaphore" : "Semaphore") + " of the cluster " + map
                    + ": value=" + entry(VALUE) + (bounded ? "/" + initial() : "") + ">";
        }
    }

    /**
     * A {@code Lock} or {@code RLock} of a manager of {@code Multiprocessing.context("cluster")}:
     * the lock of one key of a map the cluster keeps, taken and released in the calling process.
     * It is released for a holder whose process leaves the cluster (killed included). The key's
     * lock belongs to the thread that took it, which an {@code RLock} is; a plain {@code Lock}
     * may be released by any thread of any process (then it is forced open), but a thread that
     * takes it again while holding it gets it again instead of blocking as Python's would.
     */
    static final class KeyLock extends Acquirer {
        /** The key whose lock it is. */
        static final String KEY = "lock";

        private final SharedMap map;
        private final boolean plain;

        KeyLock(SharedMap map, boolean plain) {
            this.map = map;
            this.plain = plain;
        }

        /** The map whose key's lock it is. */
        SharedMap map() {
            return map;
        }

        /** Whether it is a {@code Lock}, not an {@code RLock}. */
        boolean plain() {
            return plain;
        }

        @Override
        boolean acquire(boolean blocking, long timeoutNanos) throws InterruptedException {
            return map.tryLock(KEY, blocking ? timeoutNanos : 0);
        }

        @Override
        void release() {
            try {
                map.unlock(KEY);
            } catch (IllegalMonitorStateException notThisThreads) {
                if (!plain) {
                    throw new IllegalStateException("RuntimeError: cannot release un-acquired lock", notThisThreads);
                }
                if (!map.isLocked(KEY)) {
                    throw new IllegalStateException("RuntimeError: release unlocked lock", notThisThreads);
                }
                map.forceUnlock(KEY);
            }
        }

        @Override
        boolean isOwned() {
            return map.isLocked(KEY);
        }

        /**
         * Releases every hold of this thread on an {@code RLock} before a condition's wait (the
         * map tells no hold count, so it unlocks until the key is free, or taken by another).
         */
        @Override
        int saveAndRelease() {
            if (plain) {
                return super.saveAndRelease();
            }
            int holds = 0;
            try {
                do {
                    map.unlock(KEY);
                    holds++;
                } while (map.isLocked(KEY));
            } catch (IllegalMonitorStateException takenByAnother) {
                // this thread's last hold went before another thread took it
            }
            if (holds == 0) {
                throw new IllegalStateException("RuntimeError: cannot release un-acquired lock");
            }
            return holds;
        }

        @Override
        public String toString() {
            return "<" + (map.isLocked(KEY) ? "locked" : "unlocked") + (plain ? " _thread.lock" : " _thread.RLock")
                    + " object of the cluster " + map + ">";
        }
    }
}
