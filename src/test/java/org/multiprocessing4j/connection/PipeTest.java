package org.multiprocessing4j.connection;

import org.multiprocessing4j.testing.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipe.open and the methods of Connection, within this JVM and across a real child. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipeTest {

    private static void closeAll(Connection[] ends) {
        for (Connection end : ends) {
            end.close();
        }
    }

    @Test
    void childSendsOverDuplexPipe() throws Exception {
        Connection[] p = Pipe.open();
        try {
            Process child = Children.start(() -> {
                p[1].send("hi");
                p[1].close();
            });
            assertEquals("hi", p[0].recv());
            Children.finish(child);
        } finally {
            closeAll(p);
        }
    }

    @Test
    void objectsBothWaysWithChild() throws Exception {
        Connection[] p = Pipe.open();
        try {
            Process child = Children.start(() -> {
                Object received;
                while ((received = p[1].recv()) != null) {
                    p[1].send(List.of("echo", received));
                }
            });
            p[1].close();
            Object[] tuple = {12345, "hello", List.of(1.5, 2.5)};
            p[0].send(tuple);
            @SuppressWarnings("unchecked")
            List<Object> back = (List<Object>) p[0].recv();
            assertEquals("echo", back.get(0));
            assertArrayEquals(tuple, (Object[]) back.get(1));
            p[0].send(null);
            Children.finish(child);
        } finally {
            closeAll(p);
        }
    }

    @Test
    void bytesOfEverySizeAcrossChild() throws Exception {
        Connection[] p = Pipe.open();
        try {
            Process child = Children.start(() -> {
                byte[] m;
                do {
                    m = p[1].recvBytes();
                    p[1].sendBytes(m);
                } while (m.length > 0);
            });
            p[1].close();
            for (int size : new int[] {1, 64, 65_531, 65_532, 65_536, 1 << 20, 3 << 20}) {
                byte[] message = pattern(size);
                p[0].sendBytes(message);
                assertArrayEquals(message, p[0].recvBytes(), "message of " + size + " bytes");
            }
            p[0].sendBytes(new byte[0]);
            assertEquals(0, p[0].recvBytes().length);
            Children.finish(child);
        } finally {
            closeAll(p);
        }
    }

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 10));
        }
        return bytes;
    }

    @Test
    void sendBytesWithOffsetAndSize() throws Exception {
        Connection[] p = Pipe.open();
        try {
            p[0].sendBytes("0123456789".getBytes(), 3, 4);
            assertEquals("3456", new String(p[1].recvBytes()));
            p[0].sendBytes("abc".getBytes(), 3, 0);
            assertEquals(0, p[1].recvBytes().length);
            assertThrows(IndexOutOfBoundsException.class, () -> p[0].sendBytes(new byte[4], 2, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> p[0].sendBytes(new byte[4], -1, 1));
        } finally {
            closeAll(p);
        }
    }

    @Test
    void oneWayPipeHasAReadEndAndAWriteEnd() throws Exception {
        Connection[] p = Pipe.open(false);
        try {
            assertTrue(p[0].isReadable());
            assertFalse(p[0].isWritable());
            assertFalse(p[1].isReadable());
            assertTrue(p[1].isWritable());
            assertEquals("connection is read-only", assertThrows(IOException.class, () -> p[0].send("x")).getMessage());
            assertEquals("connection is read-only", assertThrows(IOException.class, () -> p[0].sendBytes(new byte[1])).getMessage());
            assertEquals("connection is write-only", assertThrows(IOException.class, () -> p[1].recv()).getMessage());
            assertEquals("connection is write-only", assertThrows(IOException.class, () -> p[1].poll()).getMessage());
            assertEquals("connection is write-only",
                    assertThrows(IOException.class, () -> p[1].recvBytesInto(new byte[4])).getMessage());
            Process child = Children.start(() -> p[1].send(42));
            assertEquals(42, p[0].recv());
            Children.finish(child);
        } finally {
            closeAll(p);
        }
    }

    @Test
    void duplexEndsBothReadAndWrite() throws Exception {
        Connection[] p = Pipe.open(true);
        try {
            for (Connection end : p) {
                assertTrue(end.isReadable());
                assertTrue(end.isWritable());
            }
        } finally {
            closeAll(p);
        }
    }

    @Test
    void recvBytesWithMaxLengthRejectsALongerMessageAndCloses() throws Exception {
        Connection[] p = Pipe.open();
        try {
            p[0].sendBytes(new byte[10]);
            IOException e = assertThrows(IOException.class, () -> p[1].recvBytes(9));
            assertTrue(e.getMessage().startsWith("bad message length: 10 bytes is more than the maximum of 9"), e.getMessage());
            assertTrue(p[1].isClosed());
            assertThrows(IllegalArgumentException.class, () -> p[0].recvBytes(-1));
        } finally {
            closeAll(p);
        }
        Connection[] q = Pipe.open();
        try {
            q[0].sendBytes(new byte[10]);
            assertEquals(10, q[1].recvBytes(10).length);
        } finally {
            closeAll(q);
        }
    }

    @Test
    void recvBytesIntoFillsTheBufferAtTheOffset() throws Exception {
        Connection[] p = Pipe.open();
        try {
            p[0].sendBytes("hello".getBytes());
            byte[] buffer = "..........".getBytes();
            assertEquals(5, p[1].recvBytesInto(buffer, 3));
            assertEquals("...hello..", new String(buffer));
            p[0].sendBytes(new byte[0]);
            assertEquals(0, p[1].recvBytesInto(buffer, 10));
            assertThrows(IndexOutOfBoundsException.class, () -> p[1].recvBytesInto(buffer, 11));
            assertThrows(IndexOutOfBoundsException.class, () -> p[1].recvBytesInto(buffer, -1));
        } finally {
            closeAll(p);
        }
    }

    @Test
    void recvBytesIntoTooShortCarriesTheWholeMessage() throws Exception {
        Connection[] p = Pipe.open();
        try {
            byte[] big = pattern(200_000);
            p[0].sendBytes(big);
            p[0].sendBytes("next".getBytes());
            BufferTooShortException e = assertThrows(BufferTooShortException.class,
                    () -> p[1].recvBytesInto(new byte[100], 50));
            assertArrayEquals(big, e.getMessageBytes());
            assertEquals("next", new String(p[1].recvBytes()), "the stream stays in step");
        } finally {
            closeAll(p);
        }
    }

    @Test
    void pollSeesDataAndWaitsForIt() throws Exception {
        Connection[] p = Pipe.open();
        try {
            assertFalse(p[1].poll());
            assertFalse(p[1].poll(Duration.ofMillis(50)));
            Process child = Children.start(() -> {
                Thread.sleep(300);
                p[0].sendBytes("late".getBytes());
            });
            assertTrue(p[1].poll(null), "poll(null) waits for ever, until data comes");
            assertTrue(p[1].poll());
            assertEquals("late", new String(p[1].recvBytes()));
            Children.finish(child);
        } finally {
            closeAll(p);
        }
    }

    @Test
    void bufferedMessagesMakeTheConnectionReady() throws Exception {
        Connection[] p = Pipe.open();
        try {
            p[0].sendBytes("one".getBytes());
            p[0].sendBytes("two".getBytes());
            assertEquals("one", new String(p[1].recvBytes()));
            // "two" was read with "one" and waits in the connection, not in the socket.
            assertTrue(p[1].poll());
            assertEquals(List.of(p[1]), Multiprocessing.wait(List.of(p[0], p[1]), Duration.ZERO));
            assertEquals(List.of(p[1]), Multiprocessing.wait(List.of(p[0], p[1]), null));
            assertEquals("two", new String(p[1].recvBytes()));
            assertFalse(p[1].poll());
        } finally {
            closeAll(p);
        }
    }

    @Test
    void bytesReadAheadTravelWithTheConnectionToAChild() throws Exception {
        Connection[] p = Pipe.open();
        Connection[] result = Pipe.open(false);
        try {
            p[0].sendBytes("one".getBytes());
            p[0].sendBytes("two".getBytes());
            assertEquals("one", new String(p[1].recvBytes()));
            Process child = Children.start(() -> result[1].sendBytes(p[1].recvBytes()));
            assertEquals("two", new String(result[0].recvBytes()));
            Children.finish(child);
        } finally {
            closeAll(p);
            closeAll(result);
        }
    }

    @Test
    void peerThatClosedGivesEofNotAHang() throws Exception {
        Connection[] p = Pipe.open();
        try {
            Process child = Children.start(() -> {
                p[1].sendBytes("last".getBytes());
                p[1].close();
            });
            p[1].close();
            assertEquals("last", new String(p[0].recvBytes()));
            assertThrows(EOFException.class, p[0]::recv);
            assertTrue(p[0].poll(), "end of stream counts as ready");
            assertThrows(EOFException.class, p[0]::recvBytes);
            Children.finish(child);
        } finally {
            closeAll(p);
        }
    }

    @Test
    void peerThatExitsWithoutClosingGivesEof() throws Exception {
        Connection[] p = Pipe.open(false);
        try {
            Process child = Children.start(() -> p[1].send("bye"));
            p[1].close();
            assertEquals("bye", p[0].recv());
            assertThrows(EOFException.class, p[0]::recv);
            Children.finish(child);
        } finally {
            closeAll(p);
        }
    }

    @Test
    void writingToAClosedPeerIsAnErrorNotADeath() throws Exception {
        Connection[] p = Pipe.open(false);
        try {
            p[0].close();
            IOException e = assertThrows(IOException.class, () -> p[1].sendBytes(new byte[10]));
            assertTrue(e.getMessage().contains("pipe"), e.getMessage());
        } finally {
            closeAll(p);
        }
        Connection[] q = Pipe.open();
        try {
            q[0].close();
            assertThrows(IOException.class, () -> q[1].sendBytes(new byte[100_000]));
        } finally {
            closeAll(q);
        }
    }

    @Test
    void closeIsIdempotentAndEveryMethodThenFails() throws Exception {
        Connection[] p = Pipe.open();
        closeAll(p);
        Connection c = p[0];
        assertTrue(c.isClosed());
        c.close();
        assertEquals("handle is closed", assertThrows(IOException.class, () -> c.send(1)).getMessage());
        assertEquals("handle is closed", assertThrows(IOException.class, c::recv).getMessage());
        assertEquals("handle is closed", assertThrows(IOException.class, () -> c.sendBytes(new byte[1])).getMessage());
        assertEquals("handle is closed", assertThrows(IOException.class, c::recvBytes).getMessage());
        assertEquals("handle is closed", assertThrows(IOException.class, () -> c.recvBytesInto(new byte[1])).getMessage());
        assertEquals("handle is closed", assertThrows(IOException.class, c::poll).getMessage());
        assertEquals("handle is closed", assertThrows(IOException.class, c::fileno).getMessage());
        assertThrows(IllegalStateException.class, c::waitHandle);
        assertTrue(c.toString().contains("closed"), c.toString());
    }

    @Test
    void tryWithResourcesCloses() throws Exception {
        Connection[] p = Pipe.open();
        try (Connection a = p[0]; Connection b = p[1]) {
            a.send("x");
            assertEquals("x", b.recv());
        }
        assertTrue(p[0].isClosed());
        assertTrue(p[1].isClosed());
    }

    @Test
    void oneReaderAndOneWriterThreadAtOnce() throws Exception {
        Connection[] p = Pipe.open();
        int count = 2_000;
        try {
            Process child = Children.start(() -> {
                byte[] m;
                while ((m = p[1].recvBytes()).length > 0) {
                    p[1].sendBytes(m);
                }
            });
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        p[0].sendBytes(pattern(1 + i % 3000));
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            for (int i = 0; i < count; i++) {
                assertArrayEquals(pattern(1 + i % 3000), p[0].recvBytes());
            }
            writer.join();
            p[0].sendBytes(new byte[0]);
            Children.finish(child);
        } finally {
            closeAll(p);
        }
    }

    @Test
    void filenoIsTheWaitHandle() throws Exception {
        Connection[] p = Pipe.open();
        try {
            assertEquals(p[0].fileno(), p[0].waitHandle());
            assertTrue(Arrays.stream(p).allMatch(c -> c.toString().contains("duplex")));
            assertSame(p[0], Multiprocessing.wait(List.of(p[0]), Duration.ZERO).isEmpty() ? p[0] : null);
        } finally {
            closeAll(p);
        }
    }
}
