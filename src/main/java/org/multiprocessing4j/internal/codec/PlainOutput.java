package org.multiprocessing4j.internal.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes plain data ({@link Scalars}' layouts) into a byte array that grows as needed. It can
 * leave free bytes at the start for the caller's header, so that a message is built in one
 * array and never copied into a second; sized exactly, {@link #toArray()} hands that array over.
 */
public final class PlainOutput {
    private byte[] bytes;
    private int position;

    /**
     * An output whose first {@code prefix} bytes are left free.
     *
     * @param capacity the bytes to allocate at first, prefix included: when it is the exact
     *                 final size, nothing is copied
     */
    public PlainOutput(int prefix, int capacity) {
        this.bytes = new byte[Math.max(prefix, capacity)];
        this.position = prefix;
    }

    /**
     * Takes {@code n} bytes and returns where they start. It may replace the array: callers
     * read {@link #bytes} after it, never in the same expression before it.
     */
    private int reserve(long n) {
        int at = position;
        long end = at + n;
        if (end > bytes.length) {
            if (end > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("plain data longer than a Java array can hold: " + end + " bytes");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(end, Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
        }
        position = (int) end;
        return at;
    }

    /** Writes one byte. */
    public void writeByte(int value) {
        int at = reserve(1);
        bytes[at] = (byte) value;
    }

    /** Writes a boolean as one byte, 1 or 0. */
    public void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    /** Writes the low 16 bits of {@code value} (a short, or a char's UTF-16 unit). */
    public void writeShort(int value) {
        int at = reserve(Short.BYTES);
        Scalars.putBits(bytes, at, Short.BYTES, value);
    }

    /** Writes an int. */
    public void writeInt(int value) {
        int at = reserve(Integer.BYTES);
        Scalars.putBits(bytes, at, Integer.BYTES, value);
    }

    /** Writes a long. */
    public void writeLong(long value) {
        int at = reserve(Long.BYTES);
        Scalars.putBits(bytes, at, Long.BYTES, value);
    }

    /** Writes a string of any length, untagged: its {@link Scalars#lengthWord}, then its content. */
    public void writeString(String value) {
        int lengthWord = Scalars.lengthWord(value);
        writeInt(lengthWord);
        int at = reserve(Scalars.contentSize(lengthWord));
        Scalars.putString(value, lengthWord, bytes, at);
    }

    /** Writes a byte array, untagged: its length, then its bytes. */
    public void writeBytes(byte[] value) {
        writeInt(value.length);
        int at = reserve(value.length);
        System.arraycopy(value, 0, bytes, at, value.length);
    }

    /**
     * Writes a scalar: its tag, then its value.
     *
     * @throws IllegalArgumentException if it is not a scalar ({@link Scalars#tagOf} is -1)
     */
    public void writeScalar(Object value) {
        int tag = Scalars.tagOf(value);
        if (tag < 0) {
            throw new IllegalArgumentException("not a scalar: an object of " + value.getClass().getName());
        }
        writeByte(tag);
        int size = Scalars.fixedSize(tag);
        if (size >= 0) {
            int at = reserve(size);
            Scalars.putBits(bytes, at, size, Scalars.bits(tag, value));
        } else if (tag == Tags.STRING) {
            writeString((String) value);
        } else {
            writeBytes((byte[]) value);
        }
    }

    /** Where the next byte goes: the bytes written so far, the free prefix included. */
    public int position() {
        return position;
    }

    /** Overwrites the byte at {@code at}, written (or left free) before. */
    public void setByte(int at, int value) {
        if (at < 0 || at >= position) {
            throw new IndexOutOfBoundsException("byte " + at + " of " + position);
        }
        bytes[at] = (byte) value;
    }

    /** Writes the shorts in bulk, without their count. */
    public void writeShorts(short[] values) {
        view(Short.BYTES, values.length).asShortBuffer().put(values);
    }

    /** Writes the chars in bulk (their UTF-16 units), without their count. */
    public void writeChars(char[] values) {
        view(Character.BYTES, values.length).asCharBuffer().put(values);
    }

    /** Writes the floats in bulk (their raw bits), without their count. */
    public void writeFloats(float[] values) {
        view(Float.BYTES, values.length).asFloatBuffer().put(values);
    }

    /** Writes the ints in bulk, without their count. */
    public void writeInts(int[] values) {
        view(Integer.BYTES, values.length).asIntBuffer().put(values);
    }

    /** Writes the longs in bulk, without their count. */
    public void writeLongs(long[] values) {
        view(Long.BYTES, values.length).asLongBuffer().put(values);
    }

    /** Writes the doubles in bulk, without their count. */
    public void writeDoubles(double[] values) {
        view(Double.BYTES, values.length).asDoubleBuffer().put(values);
    }

    private ByteBuffer view(int size, int count) {
        int at = reserve((long) size * count);
        return ByteBuffer.wrap(bytes, at, size * count).order(Scalars.order());
    }

    /** The bytes written, the free prefix included: the array itself when it was sized exactly. */
    public byte[] toArray() {
        return position == bytes.length ? bytes : Arrays.copyOf(bytes, position);
    }
}
