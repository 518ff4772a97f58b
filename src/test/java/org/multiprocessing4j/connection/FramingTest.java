package org.multiprocessing4j.connection;

import org.multiprocessing4j.testing.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.platform.Platform;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wire format against bad input: every malformed or cut stream gives a clear exception,
 * never a hang, and a huge announced length is not allocated (the test JVM has 512 MB).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FramingTest {

    /** Writes raw bytes into the write end of a one-way pipe, closes it, and reads with {@code read}. */
    private static IOException afterRawBytes(byte[] raw, IoCall read) throws IOException {
        Connection[] p = Pipe.open(false);
        try {
            Platform.descriptors().write(p[1].fileno(), raw, 0, raw.length);
            p[1].close();
            return assertThrows(IOException.class, () -> read.call(p[0]));
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @FunctionalInterface
    interface IoCall {
        Object call(Connection connection) throws IOException;
    }

    static byte[] frame(int header, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(header).put(payload).array();
    }

    @Test
    void frameLongerThanMaxLength() throws IOException {
        IOException e = afterRawBytes(frame(1000, new byte[1000]), c -> c.recvBytes(999));
        assertTrue(e.getMessage().contains("bad message length: 1000 bytes"), e.getMessage());
    }

    @Test
    void truncatedFrame() throws IOException {
        IOException e = afterRawBytes(frame(100, new byte[10]), Connection::recvBytes);
        assertEquals("got end of file during message (10 of 100 bytes)", e.getMessage());
    }

    @Test
    void truncatedHeader() throws IOException {
        IOException e = afterRawBytes(new byte[] {0, 0}, Connection::recvBytes);
        assertEquals("got end of file during message (inside its length header)", e.getMessage());
        IOException longForm = afterRawBytes(new byte[] {-1, -1, -1, -1, 0, 0, 0}, Connection::recvBytes);
        assertEquals("got end of file during message (inside its length header)", longForm.getMessage());
    }

    @Test
    void emptyStreamIsEndOfFile() throws IOException {
        assertTrue(afterRawBytes(new byte[0], Connection::recvBytes) instanceof EOFException);
        assertTrue(afterRawBytes(new byte[0], Connection::recv) instanceof EOFException);
    }

    @Test
    void negativeLength() throws IOException {
        IOException e = afterRawBytes(frame(-5, new byte[0]), Connection::recvBytes);
        assertEquals("bad message length: the header announces -5 bytes", e.getMessage());
    }

    @Test
    void hugeAnnouncedLengthIsNotAllocated() throws IOException {
        // 2^31 - 9 bytes (the largest Java array) announced, 10 sent: a 2 GB array would not fit into this JVM's heap.
        IOException e = afterRawBytes(frame(Integer.MAX_VALUE - 8, new byte[10]), Connection::recvBytes);
        assertEquals("got end of file during message (10 of 2147483639 bytes)", e.getMessage());
        IOException into = afterRawBytes(frame(Integer.MAX_VALUE - 8, new byte[10]), c -> c.recvBytesInto(new byte[20]));
        assertEquals("got end of file during message (10 of 2147483639 bytes)", into.getMessage());
    }

    @Test
    void longFormBeyondAJavaArray() throws IOException {
        byte[] raw = ByteBuffer.allocate(12).putInt(-1).putLong(1L << 40).array();
        IOException e = afterRawBytes(raw, Connection::recvBytes);
        assertTrue(e.getMessage().startsWith("bad message length: 1099511627776 bytes is more than what a Java array holds"),
                e.getMessage());
        byte[] negative = ByteBuffer.allocate(12).putInt(-1).putLong(-2).array();
        assertTrue(afterRawBytes(negative, Connection::recvBytes).getMessage().startsWith("bad message length"));
    }

    @Test
    void longFormOfASmallLengthIsRead() throws IOException {
        Connection[] p = Pipe.open(false);
        try {
            byte[] raw = ByteBuffer.allocate(17).putInt(-1).putLong(5).put("hello".getBytes()).array();
            Platform.descriptors().write(p[1].fileno(), raw, 0, raw.length);
            assertEquals("hello", new String(p[0].recvBytes()));
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void messageArrivingByteByByte() throws Exception {
        Connection[] p = Pipe.open(false);
        try {
            byte[] raw = frame(5, "hello".getBytes());
            Process child = Children.start(() -> {
                for (byte b : raw) {
                    Platform.descriptors().write(p[1].fileno(), new byte[] {b}, 0, 1);
                    Thread.sleep(5);
                }
            });
            p[1].close();
            assertArrayEquals("hello".getBytes(), p[0].recvBytes());
            Children.finish(child);
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void peerDyingMidMessage() throws Exception {
        Connection[] p = Pipe.open();
        try {
            Process child = Children.start(() -> {
                byte[] raw = frame(1 << 20, new byte[1000]);
                Platform.descriptors().write(p[1].fileno(), raw, 0, raw.length);
                Runtime.getRuntime().halt(3);
            });
            p[1].close();
            IOException e = assertThrows(IOException.class, p[0]::recvBytes);
            assertEquals("got end of file during message (1000 of 1048576 bytes)", e.getMessage());
            Children.finish(child, 3);
        } finally {
            p[0].close();
            p[1].close();
        }
    }
}
