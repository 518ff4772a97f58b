package org.multiprocessing4j.connection;

import org.multiprocessing4j.testing.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.serialization.SerializationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listener and Client over TCP and Unix sockets, in this JVM and across a child. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ListenerTest {
    static final byte[] KEY = "secret key".getBytes();

    @TempDir
    Path temp;

    /** A client in a child: connects, sends a greeting, echoes one message, then closes. */
    static Process echoClient(String address, byte[] key) {
        return Children.start(() -> {
            try (Connection c = Client.connect(address, key)) {
                c.send("hello from " + Multiprocessing.currentProcess().getName());
                c.sendBytes(c.recvBytes());
            }
        });
    }

    private static void talkToEchoClient(Listener listener, byte[] key) throws Exception {
        Process child = echoClient(listener.getAddress().toString(), key);
        try (Connection c = listener.accept()) {
            assertEquals("hello from " + child.getName(), c.recv());
            byte[] big = PipeTest.pattern(3 << 20);
            c.sendBytes(big);
            assertArrayEquals(big, c.recvBytes());
        }
        Children.finish(child);
    }

    @Test
    void tcpWithAuthkeyAcrossChild() throws Exception {
        try (Listener listener = new Listener("127.0.0.1:0", 1, KEY)) {
            Address address = listener.getAddress();
            assertTrue(address.isTcp());
            assertEquals("127.0.0.1", address.host());
            assertNotEquals(0, address.port());
            assertNull(listener.getLastAccepted());
            talkToEchoClient(listener, KEY);
            assertEquals("127.0.0.1", listener.getLastAccepted().host());
            assertNotEquals(0, listener.getLastAccepted().port());
        }
    }

    @Test
    void tcpOnIpv6Loopback() throws Exception {
        try (Listener listener = new Listener("[::1]:0", 1, KEY)) {
            assertTrue(listener.getAddress().toString().startsWith("[0:0:0:0:0:0:0:1]:"), listener.getAddress().toString());
            assertEquals(listener.getAddress(), Address.parse(listener.getAddress().toString()));
            talkToEchoClient(listener, KEY);
        }
    }

    @Test
    void unixSocketPathWithoutAuthkey() throws Exception {
        Path path = temp.resolve("listener.sock");
        try (Listener listener = new Listener(path.toString())) {
            assertEquals(Address.unix(path.toString()), listener.getAddress());
            assertTrue(Files.exists(path));
            talkToEchoClient(listener, null);
            assertEquals("", listener.getLastAccepted().path(), "a client socket has no name");
        }
        assertFalse(Files.exists(path), "close removes the socket file");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void linuxAbstractNamespace() throws Exception {
        Address address = Address.abstractUnix("mp4j-test-" + ProcessHandle.current().pid());
        try (Listener listener = new Listener(address, 1, KEY)) {
            assertEquals(address, listener.getAddress());
            talkToEchoClient(listener, KEY);
        }
    }

    @Test
    void arbitraryAddressOfTheDefaultFamily() throws Exception {
        Path file;
        try (Listener listener = new Listener()) {
            assertTrue(listener.getAddress().isUnix());
            file = Path.of(listener.getAddress().path());
            assertTrue(Files.exists(file));
            talkToEchoClient(listener, null);
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void twoClientsOneAfterTheOther() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Listener listener = new Listener("localhost:0", 2, KEY)) {
            for (int i = 0; i < 2; i++) {
                int n = i;
                Future<?> client = pool.submit(() -> {
                    try (Connection c = Client.connect(listener.getAddress(), KEY)) {
                        c.send(n);
                    }
                    return null;
                });
                try (Connection c = listener.accept()) {
                    assertEquals(n, c.recv());
                }
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listenerInheritedByAChildAccepts() throws Exception {
        try (Listener listener = new Listener("127.0.0.1:0", 1, KEY)) {
            Process child = Children.start(() -> {
                try (Connection c = listener.accept()) {
                    c.send("accepted in the child at " + listener.getAddress());
                }
                listener.close();
            });
            try (Connection c = Client.connect(listener.getAddress(), KEY)) {
                assertEquals("accepted in the child at " + listener.getAddress(), c.recv());
            }
            Children.finish(child);
        }
    }

    @Test
    void listenerIsReadyForWaitWhenAClientIsPending() throws Exception {
        try (Listener listener = new Listener("127.0.0.1:0")) {
            assertEquals(List.of(), Multiprocessing.wait(List.of(listener), Duration.ofMillis(20)));
            try (Connection client = Client.connect(listener.getAddress(), null)) {
                assertEquals(List.of(listener), Multiprocessing.wait(List.of(listener), Duration.ofSeconds(10)));
                try (Connection server = listener.accept()) {
                    client.sendBytes("x".getBytes());
                    assertEquals("x", new String(server.recvBytes()));
                }
            }
        }
    }

    @Test
    void closedListenerRefusesToAccept() throws Exception {
        Listener listener = new Listener("127.0.0.1:0");
        listener.close();
        listener.close();
        assertTrue(listener.isClosed());
        assertEquals("listener is closed", assertThrows(IOException.class, listener::accept).getMessage());
        assertThrows(IllegalStateException.class, listener::waitHandle);
    }

    @Test
    void addressInUse() throws Exception {
        Path path = temp.resolve("taken.sock");
        try (Listener first = new Listener(path.toString())) {
            IOException e = assertThrows(IOException.class, () -> new Listener(path.toString()));
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
            try (Listener second = new Listener("127.0.0.1:0")) {
                IOException tcp = assertThrows(IOException.class,
                        () -> new Listener(second.getAddress().toString()));
                assertTrue(tcp.getMessage().contains("Address already in use"), tcp.getMessage());
            }
        }
    }

    @Test
    void nothingListening() throws Exception {
        IOException unix = assertThrows(IOException.class, () -> Client.connect(temp.resolve("none").toString()));
        assertTrue(unix.getMessage().contains("No such file or directory"), unix.getMessage());
        int port;
        try (Listener gone = new Listener("127.0.0.1:0")) {
            port = gone.getAddress().port();
        }
        IOException tcp = assertThrows(IOException.class, () -> Client.connect("127.0.0.1:" + port));
        assertTrue(tcp.getMessage().contains("Connection refused"), tcp.getMessage());
    }

    @Test
    void listenerCannotBeSentThroughAConnection() throws Exception {
        Connection[] p = Pipe.open();
        try (Listener listener = new Listener()) {
            SerializationException e = assertThrows(SerializationException.class, () -> p[0].send(listener));
            assertTrue(e.getMessage().contains("Listener objects should only be shared between processes through inheritance"),
                    e.getMessage());
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void emptyAuthkeyOnTheClientStillAuthenticates() throws Exception {
        // CPython: a Client with b'' answers the challenge; a Listener with b'' delivers none.
        Connection[] p = Pipe.open();
        try {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try {
                    Authentication.deliverChallenge(p[0], new byte[0]);
                    Authentication.answerChallenge(p[0], new byte[0]);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Authentication.answerChallenge(p[1], new byte[0]);
            Authentication.deliverChallenge(p[1], new byte[0]);
            server.get();
        } finally {
            p[0].close();
            p[1].close();
        }
    }
}
