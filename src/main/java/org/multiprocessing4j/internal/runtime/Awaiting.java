package org.multiprocessing4j.internal.runtime;

import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/** The wait of the in-JVM engines (the thread context's queues and pipes) on a condition of their lock. */
public final class Awaiting {
    private Awaiting() {
    }

    /**
     * Waits on {@code changed}, whose lock the caller holds, at most {@code timeoutNanos} (-1: for
     * ever; 0: only looks) until {@code ready}.
     *
     * @return whether {@code ready} holds
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public static boolean until(Condition changed, BooleanSupplier ready, long timeoutNanos) throws InterruptedException {
        long left = timeoutNanos;
        while (!ready.getAsBoolean()) {
            if (left == 0) {
                return false;
            }
            if (left < 0) {
                changed.await();
            } else {
                left = Math.max(0, changed.awaitNanos(left));
            }
        }
        return true;
    }
}
