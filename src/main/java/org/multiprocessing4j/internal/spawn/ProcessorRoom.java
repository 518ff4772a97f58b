package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.platform.Platform;

/**
 * Whether the system has a processor to spare, judged from the idle time it reports between
 * two looks. A spare JVM's boot waits for one: its few hundred milliseconds of processor time
 * would otherwise come out of the children at work, on a machine with few cores a fifth or more
 * of their speed while it lasts.
 */
final class ProcessorRoom {
    /** A processor counts as free when at least this much of one was idle on average. */
    private static final double FREE = 0.75;
    private long idleNanos = -1;
    private long lookedAt;

    /**
     * Whether at least three quarters of a processor were idle since the previous call; false
     * at the first call, which only starts the interval. True where the system does not say.
     */
    boolean free() {
        long idle = Platform.processes().idleProcessorNanos();
        long now = System.nanoTime();
        boolean first = idleNanos < 0;
        boolean free = idle < 0 || !first && now > lookedAt && (double) (idle - idleNanos) / (now - lookedAt) >= FREE;
        idleNanos = idle;
        lookedAt = now;
        return free;
    }
}
