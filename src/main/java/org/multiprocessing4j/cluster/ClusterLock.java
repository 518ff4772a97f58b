package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A lock every process attached to the cluster shares by name: a manager's {@code RLock()}
 * across machines, on a Hazelcast {@code IMap} key lock (the CP {@code FencedLock} is
 * Enterprise-only in Hazelcast 5.5 and later). Like an {@code RLock}, the thread that acquired it
 * is its holder: it may acquire it again (each acquire needs its release), and only it may release
 * it. A holder that dies does not keep it: when its process leaves the cluster (a client that
 * disconnects or is killed, a member that leaves), the members release its locks; after a
 * SIGKILL, once the member sees the connection closed and the client's cleanup delay (10 s) passed.
 */
public final class ClusterLock {
    private final IMap<String, Boolean> locks;
    private final String name;

    ClusterLock(IMap<String, Boolean> locks, String name) {
        this.locks = locks;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Python's {@code lock.acquire()}: waits as long as it takes. */
    public void acquire() {
        locks.lock(name);
    }

    /**
     * Python's {@code lock.acquire(block, timeout)}.
     *
     * @param block   false: only try, now
     * @param timeout how long to wait if {@code block}; null: as long as it takes
     * @return whether this thread holds it now
     */
    public boolean acquire(boolean block, Duration timeout) throws InterruptedException {
        if (!block) {
            return locks.tryLock(name);
        }
        if (timeout == null) {
            locks.lock(name);
            return true;
        }
        return locks.tryLock(name, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Python's {@code lock.acquire(timeout=t)}. */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return acquire(true, timeout);
    }

    /**
     * Python's {@code lock.release()}.
     *
     * @throws IllegalStateException if this thread does not hold it (CPython's RuntimeError)
     */
    public void release() {
        try {
            locks.unlock(name);
        } catch (IllegalMonitorStateException e) {
            throw new IllegalStateException("cannot release cluster lock '" + name + "': this thread does not hold it", e);
        }
    }

    /** Python's {@code lock.locked()}: whether anyone holds it now. */
    public boolean isLocked() {
        return locks.isLocked(name);
    }

    /** The lock's name. */
    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return "ClusterLock[" + name + (isLocked() ? ", locked]" : ", unlocked]");
    }
}
