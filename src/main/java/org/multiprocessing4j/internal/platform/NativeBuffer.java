package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;

/**
 * Memory outside the Java heap that {@link Descriptors#read(long, NativeBuffer, int, int)} and
 * {@link Descriptors#write(long, NativeBuffer, int, int)} move bytes through without a copy of
 * their own: a direct {@link ByteBuffer} for Java code, and its address for the system call,
 * looked up once. Java code fills and empties it with the buffer's absolute get and put.
 */
public final class NativeBuffer {
    private final ByteBuffer buffer;
    private final long address;

    private NativeBuffer(ByteBuffer buffer) {
        this.buffer = buffer;
        this.address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    /** A zeroed buffer of {@code capacity} bytes, big-endian as the wire format is. */
    public static NativeBuffer allocate(int capacity) {
        return new NativeBuffer(ByteBuffer.allocateDirect(capacity));
    }

    /** The buffer, for absolute gets and puts; its position and limit are not used here. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** The capacity in bytes. */
    public int capacity() {
        return buffer.capacity();
    }

    /**
     * The native address of byte {@code offset}, for a system call. The buffer must stay
     * reachable until the call returns, which the caller's reference to this object ensures.
     */
    long address(int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.capacity());
        return address + offset;
    }
}
