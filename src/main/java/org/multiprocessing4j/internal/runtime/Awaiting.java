package org.multiprocessing4j.internal.runtime;

import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * The waits on a condition with no wake-up to sleep on: the in-JVM engines' (the thread
 * context's queues and pipes) on a condition of their lock, and the cluster's flags, looked at
 * every so often.
 */
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

    /**
     * Looks at {@code ready} every {@code periodNanos}, at most {@code timeoutNanos} (negative:
     * for ever) until it holds: for a flag that no one can wake this process for (an entry of a
     * cluster's map).
     *
     * @return whether {@code ready} holds
     * @throws InterruptedException if the thread is interrupted while it sleeps
     */
    public static boolean polling(BooleanSupplier ready, long timeoutNanos, long periodNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!ready.getAsBoolean()) {
            long left = timeoutNanos < 0 ? periodNanos : deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(left, periodNanos) / 1_000_000L));
        }
        return true;
    }
}
