package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.engine.SharedMap;

import java.util.Map;

/**
 * The entries of a managed object of {@code Multiprocessing.context("cluster")} in the map of
 * its own that the cluster keeps, and the key lock that a change of them holds.
 */
final class ClusterEntries {
    /**
     * The key whose lock a change of several entries, or of one read first, holds (not
     * {@link Acquirer.KeyLock#KEY}, which a cluster's {@code Lock} is).
     */
    private static final String LOCK = "changing";
    /**
     * How often a blocked call on a cluster's object (an event's wait, a semaphore's acquire, a
     * barrier's or a condition's wait) looks at its entries again: IMap has no wait of its own.
     */
    static final long POLL_NANOS = 20_000_000L;

    private ClusterEntries() {
    }

    /**
     * The value at {@code key}, which the object wrote when it was made.
     *
     * @throws IllegalStateException if it is not there (the map was destroyed)
     */
    static Object get(Map<Object, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalStateException("the entry '" + key + "' is gone from the cluster's map " + map);
        }
        return value;
    }

    /** Writes {@code value} at {@code key}: by putAll, as put would bring the old value back from the member for nothing. */
    static void set(Map<Object, Object> map, String key, Object value) {
        map.putAll(Map.of(key, value));
    }

    /** Takes the map's lock for the calling thread, waiting as long as it takes (interruptibly). */
    static void lock(SharedMap map) throws InterruptedException {
        if (!map.tryLock(LOCK, -1)) {
            throw new IllegalStateException("the lock of the cluster's map " + map + " was not taken");
        }
    }

    /** Lets the map's lock go. */
    static void unlock(SharedMap map) {
        map.unlock(LOCK);
    }
}
