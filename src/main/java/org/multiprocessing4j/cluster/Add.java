package org.multiprocessing4j.cluster;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * Adds to a count in an {@code IMap} on the member that owns it, atomically: the counters of a
 * {@link ClusterJoinableQueue} (an {@code IAtomicLong} is CP, Enterprise-only in Hazelcast 5.5
 * and later). A count that reaches 0 is removed. Below 0 it does not go: it is either refused
 * ({@link #checked}) or stops at 0 ({@link #clamped}).
 */
final class Add implements EntryProcessor<String, Long, Long> {
    private static final long serialVersionUID = 1L;

    private final long delta;
    private final boolean clamp;

    private Add(long delta, boolean clamp) {
        this.delta = delta;
        this.clamp = clamp;
    }

    /** Adds {@code delta}, unless the count would go below 0: then nothing changes and the answer is null. */
    static Add checked(long delta) {
        return new Add(delta, false);
    }

    /** Adds {@code delta}, stopping at 0. */
    static Add clamped(long delta) {
        return new Add(delta, true);
    }

    /** The new count, or null if it was refused. */
    @Override
    public Long process(Map.Entry<String, Long> entry) {
        long next = (entry.getValue() == null ? 0 : entry.getValue()) + delta;
        if (next < 0) {
            if (!clamp) {
                return null;
            }
            next = 0;
        }
        entry.setValue(next == 0 ? null : next);
        return next;
    }
}
