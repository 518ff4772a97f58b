package org.multiprocessing4j.queues;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The frames a queue's {@link Ring} carries, and a growable array of them as a writer prepares
 * them. A frame is an 8-byte header (the payload's length, then a check word holding the kind)
 * and the payload, padded to a multiple of 8 so that a header never straddles the end of the
 * ring. A message whose payload fits in {@link #MAX_CHUNK} bytes is one {@link #SINGLE} frame;
 * a longer one is {@link #FIRST}, {@link #MIDDLE}s and {@link #LAST}; {@link #ABORT} ends a
 * message whose writer died before its last frame. Headers are in native byte order, as the
 * ring reads them.
 */
final class Frames {
    static final int HEADER = 8;
    static final int SINGLE = 1;
    static final int FIRST = 2;
    static final int MIDDLE = 3;
    static final int LAST = 4;
    static final int ABORT = 5;
    /** The longest payload of one frame: a quarter of the ring, so that a writer and a reader overlap. */
    static final int MAX_CHUNK = Ring.CAPACITY / 4;
    /** The high bits of the check word: a reader that finds anything else knows the stream is broken. */
    private static final int MAGIC = 0x5155_4500;
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

    byte[] bytes;
    int size;

    Frames(int capacity) {
        bytes = new byte[capacity];
    }

    static int checkWord(int kind) {
        return MAGIC | kind;
    }

    /**
     * The kind in a header's check word, after checking the header.
     *
     * @throws IllegalStateException if it is not a header: a bug, never a dead process's doing
     */
    static int kindOf(int length, int check) {
        int kind = check & 0xFF;
        if ((check & ~0xFF) != MAGIC || kind < SINGLE || kind > ABORT || length < 0 || length > MAX_CHUNK
                || (kind == ABORT && length != 0)) {
            throw new IllegalStateException("queue stream is corrupt: header " + Integer.toHexString(check)
                    + " with length " + length);
        }
        return kind;
    }

    /** The size in the ring of a frame with a payload of {@code length} bytes. */
    static int frameSize(int length) {
        return HEADER + ((length + 7) & ~7);
    }

    /** Whether a message is still open after a frame of this kind. */
    static boolean opensAfter(int kind) {
        return kind == FIRST || kind == MIDDLE;
    }

    /** Adds {@code message} (an encoded element: tag byte, body) as frames, split as it needs. */
    void append(Encoded message) {
        int total = message.length();
        if (total <= MAX_CHUNK) {
            int at = reserve(frameSize(total));
            header(at, total, SINGLE);
            message.copyTo(0, bytes, at + HEADER, total);
            return;
        }
        for (int done = 0; done < total; ) {
            int n = Math.min(MAX_CHUNK, total - done);
            int at = reserve(frameSize(n));
            header(at, n, done == 0 ? FIRST : done + n == total ? LAST : MIDDLE);
            message.copyTo(done, bytes, at + HEADER, n);
            done += n;
        }
    }

    /** Makes room for a frame of {@code frameSize} bytes at the end and returns where it starts. */
    int reserve(int frameSize) {
        int at = size;
        if (at + frameSize > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(at + frameSize, 2 * bytes.length));
        }
        size = at + frameSize;
        return at;
    }

    void header(int at, int length, int kind) {
        INT.set(bytes, at, length);
        INT.set(bytes, at + 4, checkWord(kind));
    }

    /** The length in the header at {@code at}. */
    int lengthAt(int at) {
        return (int) INT.get(bytes, at);
    }

    /** The kind in the header at {@code at}. */
    int kindAt(int at) {
        return (int) INT.get(bytes, at + 4) & 0xFF;
    }
}
