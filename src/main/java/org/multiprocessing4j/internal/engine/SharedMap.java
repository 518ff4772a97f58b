package org.multiprocessing4j.internal.engine;

import java.util.concurrent.ConcurrentMap;

/**
 * A map of a context's own ({@link EngineProvider#map()}) that every process holding it shares,
 * serializable, travelling by name, with a lock per key as well: what a manager of
 * {@code Multiprocessing.context("cluster")} keeps its dicts, namespaces, values, events and
 * locks in. A key's lock belongs to the thread that took it (it may take it again, each time
 * needing its unlock) and is released for it when its process leaves the context (killed
 * included). Internal: public only so that the cluster can provide one.
 */
public interface SharedMap extends ConcurrentMap<Object, Object> {

    /**
     * Takes the lock of {@code key} for the calling thread.
     *
     * @param timeoutNanos how long to wait; 0: only try, now; negative: as long as it takes
     * @return whether the calling thread holds it now
     */
    boolean tryLock(Object key, long timeoutNanos) throws InterruptedException;

    /**
     * Releases one take of the lock of {@code key} by the calling thread.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    void unlock(Object key);

    /** Releases the lock of {@code key} entirely, whoever holds it. */
    void forceUnlock(Object key);

    /** Whether anyone holds the lock of {@code key} now. */
    boolean isLocked(Object key);
}
