package org.multiprocessing4j.shared;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Values of one {@link Typecode} side by side in an anonymous shared segment: what
 * {@link RawValue} and {@link RawArray} share, {@link #close()} included. Up to 32 KiB they are
 * a block of an arena shared with other small objects (so that many values need few
 * descriptors), beyond it a segment of their own. Handed to children by inheritance only.
 */
abstract class Cells<T> implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    private final Typecode typecode;
    private final int length;
    private final Segment memory;
    private transient ByteBuffer buffer;

    Cells(Typecode typecode, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("Array length must be >= 0, not " + length);
        }
        long bytes = (long) length * typecode.size();
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an array of " + length + " '" + typecode.code() + "' values is too large");
        }
        this.typecode = typecode;
        this.length = length;
        this.memory = Segment.small(Math.max(1, bytes));
        this.buffer = memory.buffer().order(ByteOrder.nativeOrder());
    }

    final Typecode typecode() {
        return typecode;
    }

    final int cellCount() {
        return length;
    }

    @SuppressWarnings("unchecked")
    final T cell(int index) {
        requireOpen();
        return (T) typecode.read(buffer, offset(index));
    }

    final void setCell(int index, T value) {
        requireOpen();
        typecode.write(buffer, offset(index), value);
    }

    /** The first {@code count} bytes of the segment, as they are. */
    final byte[] bytes(int count) {
        requireOpen();
        byte[] copy = new byte[count];
        buffer.get(0, copy);
        return copy;
    }

    /** Copies {@code bytes} to the start of the segment; the caller has checked that they fit. */
    final void copyCellsFrom(Cells<T> other) {
        putBytes(other.bytes(other.cellCount() * other.typecode().size()));
    }

    final void putBytes(byte[] bytes) {
        requireOpen();
        buffer.put(0, bytes);
    }

    private int offset(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " out of range for length " + length);
        }
        return index * typecode.size();
    }

    /**
     * Ends this process's use of the shared memory at once (no CPython counterpart: CPython
     * frees it when the object is collected, as happens here too when it was not closed). It
     * goes back to be reused by this process, unless a child was handed it: then it is kept for
     * the children, which go on using it after this process closed its copy. Idempotent; any
     * later read or write in this process throws {@link IllegalStateException}.
     */
    @Override
    public final void close() {
        memory.close();
    }

    final boolean isClosed() {
        return memory.isClosed();
    }

    private void requireOpen() {
        requireOpen(this);
    }

    /** Throws {@link IllegalStateException} ("RawValue is closed", named after {@code user}'s class) after {@link #close()}. */
    final void requireOpen(Object user) {
        if (memory.isClosed()) {
            throw new IllegalStateException(user.getClass().getSimpleName() + " is closed");
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        Inheritance.requireCollecting(getClass().getSimpleName());
        if (memory.isClosed()) {
            throw new InvalidObjectException(getClass().getSimpleName() + " is closed");
        }
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        buffer = memory.buffer().order(ByteOrder.nativeOrder());
    }
}
