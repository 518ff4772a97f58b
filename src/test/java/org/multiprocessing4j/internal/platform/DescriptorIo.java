package org.multiprocessing4j.internal.platform;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Text through descriptors for the platform layer's tests, and closing what a test opened. */
final class DescriptorIo {
    private static final Descriptors DESCRIPTORS = Platform.descriptors();

    private DescriptorIo() {
    }

    /** Writes {@code text} in UTF-8. */
    static void write(long handle, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        DESCRIPTORS.write(handle, bytes, 0, bytes.length);
    }

    /** Reads exactly {@code length} bytes, as many reads as that takes. */
    static byte[] readExactly(long handle, int length) throws IOException {
        NativeBuffer buffer = NativeBuffer.allocate(Math.max(1, length));
        int done = 0;
        while (done < length) {
            int n = DESCRIPTORS.read(handle, buffer, done, length - done);
            if (n < 0) {
                throw new EOFException("end of stream after " + done + " of " + length + " bytes");
            }
            done += n;
        }
        byte[] bytes = new byte[length];
        buffer.buffer().get(0, bytes);
        return bytes;
    }

    /** Reads exactly the UTF-8 bytes of {@code expected}'s length and decodes them. */
    static String readText(long handle, String expected) throws IOException {
        return new String(readExactly(handle, expected.getBytes(StandardCharsets.UTF_8).length), StandardCharsets.UTF_8);
    }

    /** One read of at most one byte: -1 at end of stream. */
    static int readOne(long handle) throws IOException {
        return DESCRIPTORS.read(handle, NativeBuffer.allocate(1), 0, 1);
    }

    /** Closes every handle of {@code handles} that is not -1. */
    static void closeAll(long... handles) {
        for (long handle : handles) {
            if (handle != -1) {
                DESCRIPTORS.close(handle);
            }
        }
    }
}
