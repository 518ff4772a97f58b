package org.multiprocessing4j.internal.codec;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads what {@link PlainOutput} wrote from a slice of a byte array, trusting none of it: every
 * read checks that its bytes are there, and every length or count is checked against the bytes
 * that remain before anything is allocated for it, so that a few corrupt bytes announcing a
 * 2 GiB string fail at once with an {@link IOException} instead of exhausting memory. Truncated
 * input fails with an {@link EOFException}.
 */
public final class PlainInput {
    private byte[] bytes;
    private int position;
    private int limit;

    /** An input over {@code length} bytes at {@code offset}. */
    public PlainInput(byte[] bytes, int offset, int length) {
        reset(bytes, offset, length);
    }

    /**
     * Reads {@code length} bytes at {@code offset} from now on: a reader that runs once per
     * message (a queue's get) keeps one input instead of allocating one each time.
     */
    public void reset(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IndexOutOfBoundsException("slice " + offset + "+" + length + " of " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    /** The array read from. */
    public byte[] array() {
        return bytes;
    }

    /** Where the next read starts in {@link #array()}. */
    public int position() {
        return position;
    }

    /** The bytes not read yet. */
    public int remaining() {
        return limit - position;
    }

    /** Takes {@code n} bytes and returns where they start. */
    private int take(long n, String what) throws EOFException {
        if (n > remaining()) {
            throw new EOFException("plain data is truncated: " + what + " needs " + n + " bytes, "
                    + remaining() + " remain");
        }
        int at = position;
        position += (int) n;
        return at;
    }

    /** Reads one byte. */
    public byte readByte() throws IOException {
        return bytes[take(1, "a byte")];
    }

    /**
     * Reads a boolean written by {@link PlainOutput#writeBoolean}.
     *
     * @throws IOException if the byte is neither 0 nor 1
     */
    public boolean readBoolean() throws IOException {
        byte value = readByte();
        if (value != 0 && value != 1) {
            throw new IOException("plain data is corrupt: " + value + " is not a boolean");
        }
        return value == 1;
    }

    /** Reads an int. */
    public int readInt() throws IOException {
        return (int) Scalars.getBits(bytes, take(Integer.BYTES, "an int"), Integer.BYTES);
    }

    /** Reads a long. */
    public long readLong() throws IOException {
        return Scalars.getBits(bytes, take(Long.BYTES, "a long"), Long.BYTES);
    }

    /**
     * Reads a count of things that take at least {@code bytesEach} bytes each (at least 1), and
     * checks that the bytes left can hold them.
     *
     * @param what how the error names them ("list items")
     */
    public int readCount(int bytesEach, String what) throws IOException {
        int count = readInt();
        if (count < 0 || (long) count * bytesEach > remaining()) {
            throw new IOException("plain data is corrupt: " + count + " " + what + " announced, "
                    + remaining() + " bytes remain");
        }
        return count;
    }

    /** Reads a string written by {@link PlainOutput#writeString}. */
    public String readString() throws IOException {
        int lengthWord = readInt();
        long size = Scalars.contentSize(lengthWord);
        if (lengthWord == Integer.MIN_VALUE || size > remaining()) {
            throw new IOException("plain data is corrupt: a string of " + Math.abs((long) lengthWord)
                    + " chars announced, " + remaining() + " bytes remain");
        }
        return Scalars.getString(bytes, take(size, "a string"), lengthWord);
    }

    /** Reads a byte array written by {@link PlainOutput#writeBytes}. */
    public byte[] readBytes() throws IOException {
        int length = readCount(1, "bytes of a byte array");
        int at = take(length, "a byte array");
        return Arrays.copyOfRange(bytes, at, at + length);
    }

    /** Reads a scalar written by {@link PlainOutput#writeScalar}. */
    public Object readScalar() throws IOException {
        return readScalarBody(readByte());
    }

    /**
     * Reads the value of a scalar whose tag was read already.
     *
     * @throws IOException if {@code tag} is not a scalar's
     */
    public Object readScalarBody(int tag) throws IOException {
        int size = Scalars.fixedSize(tag);
        if (size >= 0) {
            return Scalars.fromBits(tag, Scalars.getBits(bytes, take(size, "a scalar"), size));
        } else if (tag == Tags.STRING) {
            return readString();
        } else if (tag == Tags.BYTES) {
            return readBytes();
        }
        throw new IOException("plain data is corrupt: " + tag + " is not the tag of a scalar");
    }

    /** Fills {@code values} with shorts written by {@link PlainOutput#writeShorts}. */
    public void readShorts(short[] values) throws IOException {
        view(Short.BYTES, values.length, "shorts").asShortBuffer().get(values);
    }

    /** Fills {@code values} with chars written by {@link PlainOutput#writeChars}. */
    public void readChars(char[] values) throws IOException {
        view(Character.BYTES, values.length, "chars").asCharBuffer().get(values);
    }

    /** Fills {@code values} with floats written by {@link PlainOutput#writeFloats}. */
    public void readFloats(float[] values) throws IOException {
        view(Float.BYTES, values.length, "floats").asFloatBuffer().get(values);
    }

    /** Skips what is left: a reader that hands the rest to another reader later. */
    public void skipRemaining() {
        position = limit;
    }

    /** Fills {@code values} with ints written by {@link PlainOutput#writeInts}. */
    public void readInts(int[] values) throws IOException {
        view(Integer.BYTES, values.length, "ints").asIntBuffer().get(values);
    }

    /** Fills {@code values} with longs written by {@link PlainOutput#writeLongs}. */
    public void readLongs(long[] values) throws IOException {
        view(Long.BYTES, values.length, "longs").asLongBuffer().get(values);
    }

    /** Fills {@code values} with doubles written by {@link PlainOutput#writeDoubles}. */
    public void readDoubles(double[] values) throws IOException {
        view(Double.BYTES, values.length, "doubles").asDoubleBuffer().get(values);
    }

    private ByteBuffer view(int size, int count, String what) throws EOFException {
        int at = take((long) size * count, count + " " + what);
        return ByteBuffer.wrap(bytes, at, size * count).order(Scalars.order());
    }

    /**
     * Checks that everything was read: bytes left over mean the data is not what its reader
     * thinks.
     */
    public void requireEnd() throws IOException {
        if (remaining() != 0) {
            throw new IOException("plain data is corrupt: " + remaining() + " bytes left over after its end");
        }
    }
}
