package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.NativeBuffer;
import org.multiprocessing4j.internal.platform.Descriptors;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * The receiving half of the wire format: a 4-byte big-endian signed length, or -1 and an
 * 8-byte length, then the payload. Reads go through one native buffer and take whatever the
 * descriptor has, so a small message usually costs one system call; bytes read beyond a
 * message stay buffered for the next one (and make the connection ready for
 * {@link Connection#poll()} without a look at the descriptor).
 *
 * <p>A payload's array is allocated for at most {@value #MAX_UP_FRONT} bytes before its bytes
 * arrive and grows as they do, so a peer that announces a huge length and sends nothing does
 * not make this process allocate it. Not thread-safe: the connection's read lock guards it.
 */
final class FrameReader {
    static final int BUFFER_SIZE = 64 * 1024;
    /** The most a payload's array gets before its bytes arrive. */
    static final int MAX_UP_FRONT = 4 << 20;
    /** The longest payload a Java array holds. */
    static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;
    private static final int HEADER = 4;
    private static final int LONG_HEADER = 8;

    private final Descriptors descriptors;
    private final long handle;
    private NativeBuffer buffer;
    private int start;
    private int end;

    FrameReader(Descriptors descriptors, long handle) {
        this.descriptors = descriptors;
        this.handle = handle;
    }

    /** Whether bytes already read from the descriptor wait here. */
    boolean hasBuffered() {
        return end > start;
    }

    /** A copy of the bytes waiting here, which a connection handed to a child takes along. */
    byte[] buffered() {
        byte[] copy = new byte[end - start];
        if (copy.length > 0) {
            buffer.buffer().get(start, copy);
        }
        return copy;
    }

    /** Puts bytes that an earlier owner of the descriptor had read ahead in front of the stream. */
    void preload(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        buffer = NativeBuffer.allocate(Math.max(BUFFER_SIZE, bytes.length));
        buffer.buffer().put(0, bytes);
        start = 0;
        end = bytes.length;
    }

    /**
     * Reads a header and returns the length it announces, which may be anything up to 2^63-1.
     *
     * @throws EOFException if the stream ends before the first byte of the header
     * @throws IOException   if it ends inside the header, or the header is not a length
     */
    long readLength(Deadline deadline) throws IOException {
        fill(HEADER, true, deadline);
        int length = buffer.buffer().getInt(start);
        start += HEADER;
        if (length >= 0) {
            return length;
        }
        if (length != -1) {
            throw new IOException("bad message length: the header announces " + length + " bytes");
        }
        fill(LONG_HEADER, false, deadline);
        long longLength = buffer.buffer().getLong(start);
        start += LONG_HEADER;
        if (longLength < 0) {
            throw new IOException("bad message length: the header announces " + Long.toUnsignedString(longLength) + " bytes");
        }
        return longLength;
    }

    /** Reads a payload of {@code size} bytes into a new array. */
    byte[] readPayload(int size, Deadline deadline) throws IOException {
        return transfer(new byte[Math.min(size, MAX_UP_FRONT)], 0, size, deadline);
    }

    /** Reads a payload of {@code size} bytes into {@code target} at {@code offset}, which it fits. */
    void readPayloadInto(byte[] target, int offset, int size, Deadline deadline) throws IOException {
        transfer(target, offset, size, deadline);
    }

    /**
     * Moves {@code size} bytes of the stream into {@code target} from {@code offset}, growing the
     * array (when it is the reader's own, offset 0) as the bytes arrive.
     */
    private byte[] transfer(byte[] target, int offset, int size, Deadline deadline) throws IOException {
        byte[] out = target;
        int done = 0;
        while (done < size) {
            if (start == end) {
                start = 0;
                end = 0;
                int n = readSome(0, deadline);
                if (n < 0) {
                    throw new IOException("got end of file during message (" + done + " of " + size + " bytes)");
                }
                end = n;
            }
            int n = Math.min(end - start, size - done);
            if (offset + done + n > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(size, Math.max(2L * out.length, done + n)));
            }
            buffer.buffer().get(start, out, offset + done, n);
            start += n;
            done += n;
        }
        return out;
    }

    /** Makes at least {@code need} bytes wait in the buffer. */
    private void fill(int need, boolean atMessageStart, Deadline deadline) throws IOException {
        while (end - start < need) {
            if (buffer == null) {
                buffer = NativeBuffer.allocate(BUFFER_SIZE);
            }
            if (buffer.capacity() - start < need) {
                compact();
            }
            int n = readSome(end, deadline);
            if (n < 0) {
                if (atMessageStart && end == start) {
                    throw new EOFException("the peer closed the connection");
                }
                throw new IOException("got end of file during message (inside its length header)");
            }
            end += n;
        }
    }

    /** Moves the few waiting bytes (less than a header) to the front. */
    private void compact() {
        byte[] waiting = buffered();
        buffer.buffer().put(0, waiting);
        start = 0;
        end = waiting.length;
    }

    private int readSome(int offset, Deadline deadline) throws IOException {
        if (buffer == null) {
            buffer = NativeBuffer.allocate(BUFFER_SIZE);
        }
        if (deadline != null) {
            deadline.awaitReadable(handle);
        }
        return descriptors.read(handle, buffer, offset, buffer.capacity() - offset);
    }
}
