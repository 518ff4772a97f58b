package org.multiprocessing4j.internal.memory;

import org.multiprocessing4j.internal.runtime.SilentUnsafe;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Word access through {@code sun.misc.Unsafe} on a direct buffer's address, checked as a
 * {@code VarHandle} checks it (the word inside the buffer, aligned to its size) and refused in a
 * buffer that is not direct or is read-only, where words never live. A fresh
 * JVM runs it several times faster than {@link HandleWords} before the JIT has compiled either
 * (see {@link Words}). {@link #AVAILABLE} only where {@link SilentUnsafe} gives Unsafe and a
 * trial compare-and-set through a buffer's address landed in the buffer.
 */
@SuppressWarnings("removal")
final class UnsafeWords {
    private static final sun.misc.Unsafe UNSAFE = SilentUnsafe.orNull();
    /** Where a buffer object keeps its address, or -1. */
    private static final long ADDRESS_FIELD = addressField();
    /** Whether this way works in this JVM. */
    static final boolean AVAILABLE = ADDRESS_FIELD >= 0;

    private UnsafeWords() {
    }

    static int getIntVolatile(ByteBuffer memory, int offset) {
        return UNSAFE.getIntVolatile(null, address(memory, offset, Integer.BYTES));
    }

    static void setIntVolatile(ByteBuffer memory, int offset, int value) {
        UNSAFE.putIntVolatile(null, address(memory, offset, Integer.BYTES), value);
    }

    static boolean compareAndSetInt(ByteBuffer memory, int offset, int expected, int value) {
        return UNSAFE.compareAndSwapInt(null, address(memory, offset, Integer.BYTES), expected, value);
    }

    static int getAndSetInt(ByteBuffer memory, int offset, int value) {
        return UNSAFE.getAndSetInt(null, address(memory, offset, Integer.BYTES), value);
    }

    static int getAndAddInt(ByteBuffer memory, int offset, int delta) {
        return UNSAFE.getAndAddInt(null, address(memory, offset, Integer.BYTES), delta);
    }

    static long getLongVolatile(ByteBuffer memory, int offset) {
        return UNSAFE.getLongVolatile(null, address(memory, offset, Long.BYTES));
    }

    static void setLongVolatile(ByteBuffer memory, int offset, long value) {
        UNSAFE.putLongVolatile(null, address(memory, offset, Long.BYTES), value);
    }

    static void setLongRelease(ByteBuffer memory, int offset, long value) {
        UNSAFE.putOrderedLong(null, address(memory, offset, Long.BYTES), value);
    }

    static boolean compareAndSetLong(ByteBuffer memory, int offset, long expected, long value) {
        return UNSAFE.compareAndSwapLong(null, address(memory, offset, Long.BYTES), expected, value);
    }

    static long getAndAddLong(ByteBuffer memory, int offset, long delta) {
        return UNSAFE.getAndAddLong(null, address(memory, offset, Long.BYTES), delta);
    }

    /**
     * The address of the word of {@code size} bytes at {@code offset}. What a {@code VarHandle}
     * refuses (outside the buffer, misaligned) is refused with the same exceptions, and never
     * touched.
     */
    private static long address(ByteBuffer memory, int offset, int size) {
        if (!memory.isDirect() || memory.isReadOnly()) {
            throw new IllegalArgumentException("words live in writable direct buffers, not in " + memory);
        }
        if (offset < 0 || offset > memory.capacity() - size) {
            throw new IndexOutOfBoundsException("a " + size + "-byte word at " + offset + " of a "
                    + memory.capacity() + "-byte buffer");
        }
        long address = UNSAFE.getLong(memory, ADDRESS_FIELD) + offset;
        if ((address & (size - 1)) != 0) {
            throw new IllegalStateException("a misaligned " + size + "-byte word at " + offset);
        }
        return address;
    }

    private static long addressField() {
        if (UNSAFE == null) {
            return -1;
        }
        try {
            long field = UNSAFE.objectFieldOffset(Buffer.class.getDeclaredField("address"));
            ByteBuffer trial = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder());
            long address = UNSAFE.getLong(trial, field);
            boolean swapped = UNSAFE.compareAndSwapInt(null, address + Integer.BYTES, 0, 0x5a5a5a5a);
            return swapped && trial.getInt(Integer.BYTES) == 0x5a5a5a5a && trial.getInt(0) == 0 ? field : -1;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unusable) {
            return -1;
        }
    }
}
