package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the other processes of the cluster whether this one is still there: it holds the
 * {@code IMap} key lock named after its uuid (a client's or a member's), which the members
 * release when it leaves the cluster, however it ends. Taken once, on first need, and never
 * released by hand.
 */
final class Liveness {
    /** The map whose key locks say who is alive. */
    static final String MAP = "multiprocessing4j.alive";
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private final IMap<String, Boolean> alive;
    private final String self;

    Liveness(IMap<String, Boolean> alive, String self) {
        this.alive = alive;
        this.self = self;
    }

    /** This process's uuid in the cluster. */
    String self() {
        return self;
    }

    /** Holds this process's lock from now on, if it did not yet. */
    void announce() {
        if (!ANNOUNCED.contains(self)) {
            synchronized (ANNOUNCED) {
                if (!ANNOUNCED.contains(self)) {
                    alive.lock(self);
                    ANNOUNCED.add(self);
                }
            }
        }
    }

    /** True if {@code process} announced itself once and has left the cluster since (or never announced). */
    boolean isGone(String process) {
        return !alive.isLocked(process);
    }
}
