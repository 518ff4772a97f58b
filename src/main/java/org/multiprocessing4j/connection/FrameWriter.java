package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.NativeBuffer;
import org.multiprocessing4j.internal.platform.Descriptors;

import java.io.IOException;

/**
 * The sending half of the wire format. The header and the start of the payload go out in one
 * write from one native buffer, so a small message is one system call and TCP's Nagle
 * algorithm never holds a lone header back (CPython concatenates for the same reason); a
 * large payload follows in buffer-sized writes. Java arrays hold at most 2^31-1 bytes, so
 * the 4-byte header always suffices. Not thread-safe: the connection's write lock guards it.
 */
final class FrameWriter {
    static final int BUFFER_SIZE = 64 * 1024;
    private static final int HEADER = 4;

    private final Descriptors descriptors;
    private final long handle;
    private NativeBuffer buffer;

    FrameWriter(Descriptors descriptors, long handle) {
        this.descriptors = descriptors;
        this.handle = handle;
    }

    void write(byte[] payload, int offset, int size) throws IOException {
        if (buffer == null) {
            buffer = NativeBuffer.allocate(BUFFER_SIZE);
        }
        int first = Math.min(size, BUFFER_SIZE - HEADER);
        buffer.buffer().putInt(0, size);
        buffer.buffer().put(HEADER, payload, offset, first);
        descriptors.write(handle, buffer, 0, HEADER + first);
        int done = first;
        while (done < size) {
            int n = Math.min(size - done, BUFFER_SIZE);
            buffer.buffer().put(0, payload, offset + done, n);
            descriptors.write(handle, buffer, 0, n);
            done += n;
        }
    }
}
