package org.multiprocessing4j.internal.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Word access through {@link VarHandle}s over the buffer, native byte order: the supported way,
 * taken where {@link UnsafeWords} is not available (a JDK 24+ JVM not started with
 * {@code --sun-misc-unsafe-memory-access=allow}). Compare-and-set works on direct buffers
 * across processes.
 */
final class HandleWords {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private HandleWords() {
    }

    static int getIntVolatile(ByteBuffer memory, int offset) {
        return (int) INT.getVolatile(memory, offset);
    }

    static void setIntVolatile(ByteBuffer memory, int offset, int value) {
        INT.setVolatile(memory, offset, value);
    }

    static boolean compareAndSetInt(ByteBuffer memory, int offset, int expected, int value) {
        return INT.compareAndSet(memory, offset, expected, value);
    }

    static int getAndSetInt(ByteBuffer memory, int offset, int value) {
        return (int) INT.getAndSet(memory, offset, value);
    }

    static int getAndAddInt(ByteBuffer memory, int offset, int delta) {
        return (int) INT.getAndAdd(memory, offset, delta);
    }

    static long getLongVolatile(ByteBuffer memory, int offset) {
        return (long) LONG.getVolatile(memory, offset);
    }

    static void setLongVolatile(ByteBuffer memory, int offset, long value) {
        LONG.setVolatile(memory, offset, value);
    }

    static void setLongRelease(ByteBuffer memory, int offset, long value) {
        LONG.setRelease(memory, offset, value);
    }

    static boolean compareAndSetLong(ByteBuffer memory, int offset, long expected, long value) {
        return LONG.compareAndSet(memory, offset, expected, value);
    }

    static long getAndAddLong(ByteBuffer memory, int offset, long delta) {
        return (long) LONG.getAndAdd(memory, offset, delta);
    }
}
