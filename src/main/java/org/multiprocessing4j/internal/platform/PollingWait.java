package org.multiprocessing4j.internal.platform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiting on a shared word where the system offers no cross-process futex that this library
 * binds (macOS, Windows): short sleeps while the word holds the expected value.
 */
final class PollingWait {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final long SLICE_NANOS = 200_000;

    private PollingWait() {
    }

    static void await(ByteBuffer mapped, int offset, int expected, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        long left = timeoutNanos;
        while (left > 0 && (int) INT.getVolatile(mapped, offset) == expected) {
            LockSupport.parkNanos(Math.min(left, SLICE_NANOS));
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            left = deadline - System.nanoTime();
        }
    }
}
