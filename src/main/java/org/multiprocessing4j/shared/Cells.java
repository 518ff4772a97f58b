package org.multiprocessing4j.shared;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Values of one {@link Typecode} side by side in an anonymous shared segment: what
 * {@link RawValue} and {@link RawArray} share. Handed to children by inheritance only.
 */
abstract class Cells<T> implements Serializable {
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
        this.memory = Segment.anonymous(Math.max(1, bytes));
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
        return (T) typecode.read(buffer, offset(index));
    }

    final void setCell(int index, T value) {
        typecode.write(buffer, offset(index), value);
    }

    /** The first {@code count} bytes of the segment, as they are. */
    final byte[] bytes(int count) {
        byte[] copy = new byte[count];
        buffer.get(0, copy);
        return copy;
    }

    /** Copies {@code bytes} to the start of the segment; the caller has checked that they fit. */
    final void putBytes(byte[] bytes) {
        buffer.put(0, bytes);
    }

    private int offset(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " out of range for length " + length);
        }
        return index * typecode.size();
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        Inheritance.requireCollecting(getClass().getSimpleName());
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        buffer = memory.buffer().order(ByteOrder.nativeOrder());
    }
}
