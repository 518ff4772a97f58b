package org.multiprocessing4j.connection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.testing.CPython;
import org.multiprocessing4j.testing.Logs;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listener's handshakes run beside its accepting: peers that stay silent, send garbage, die
 * or are slow delay no other client, and never surface from {@code accept()}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ListenerHandshakeTest {
    static final byte[] KEY = "handshake key".getBytes(StandardCharsets.US_ASCII);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Connection> peers = new ArrayList<>();

    @AfterEach
    void closePeers() throws InterruptedException {
        peers.forEach(Connection::close);
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "a test thread is still blocked");
    }

    /** A socket connected to {@code listener} that says nothing: no handshake at all. */
    Connection silentPeer(Listener listener) throws IOException {
        Connection peer = Client.connect(listener.getAddress(), null);
        peers.add(peer);
        return peer;
    }

    /** Accepts one connection in another thread and echoes one message on it. */
    Future<String> acceptAndEcho(Listener listener) {
        return threads.submit(() -> {
            try (Connection c = listener.accept()) {
                byte[] message = c.recvBytes();
                c.sendBytes(message);
                return new String(message, StandardCharsets.UTF_8);
            }
        });
    }

    /**
     * A client authenticates within {@code maxMillis} and its {@code text} comes back from
     * {@code server}, which accepted it.
     */
    static void getsThroughWithin(Listener listener, Future<String> server, long maxMillis, String text) throws Exception {
        long start = System.nanoTime();
        try (Connection client = Client.connect(listener.getAddress(), KEY)) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < maxMillis, "the client authenticated after " + millis + " ms");
            assertEquals(text, echoed(client, text));
        }
        assertEquals(text, server.get(10, TimeUnit.SECONDS));
    }

    /** Sends {@code text} and returns the answer, which must come within 10 s. */
    static String echoed(Connection client, String text) throws IOException, InterruptedException {
        client.sendBytes(text.getBytes(StandardCharsets.UTF_8));
        assertTrue(client.poll(Duration.ofSeconds(10)), "no echo of " + text);
        return new String(client.recvBytes(), StandardCharsets.UTF_8);
    }

    /** Whether the listener has hung up on {@code peer}: it reads end of stream within {@code within}. */
    static boolean droppedWithin(Connection peer, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (peer.poll(Duration.ofMillis(50))) {
                try {
                    peer.recvBytes(Authentication.MAX_MESSAGE);
                } catch (EOFException end) {
                    return true;
                } catch (IOException garbled) {
                    // A #FAILURE# or a challenge cut short: read on until the end.
                }
            }
        }
        return false;
    }

    @Test
    void threeSilentPeersDoNotDelayAJavaClient() throws Exception {
        try (Listener listener = new Listener("127.0.0.1:0", 8, KEY)) {
            for (int i = 0; i < 3; i++) {
                silentPeer(listener);
            }
            getsThroughWithin(listener, acceptAndEcho(listener), 1000, "java");
        }
    }

    @Test
    void threeSilentPeersDoNotDelayACPythonClient() throws Exception {
        CPython.assumeInstalled();
        try (Listener listener = new Listener("127.0.0.1:0", 8, KEY)) {
            for (int i = 0; i < 3; i++) {
                silentPeer(listener);
            }
            Future<String> server = acceptAndEcho(listener);
            List<String> output = CPython.run(
                    "import sys, time\n"
                    + "from multiprocessing.connection import Client\n"
                    + "start = time.monotonic()\n"
                    + "c = Client((sys.argv[1], int(sys.argv[2])), authkey=sys.argv[3].encode())\n"
                    + "print('%.3f' % (time.monotonic() - start))\n"
                    + "c.send_bytes(b'cpython')\n"
                    + "print(c.recv_bytes().decode())\n"
                    + "c.close()\n",
                    listener.getAddress().host(), String.valueOf(listener.getAddress().port()),
                    new String(KEY, StandardCharsets.US_ASCII));
            assertEquals(2, output.size(), output.toString());
            double seconds = Double.parseDouble(output.get(0));
            assertTrue(seconds < 1.0, "the CPython client authenticated after " + seconds + " s");
            assertEquals("cpython", output.get(1));
            assertEquals("cpython", server.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void garbageAndTruncatedHandshakesAreDroppedAndAGoodClientGetsThrough() throws Exception {
        // The listener is closed inside: then its handshake threads have ended, and logged.
        List<String> logs = Logs.atDebug(() -> {
            try (Listener listener = new Listener("127.0.0.1:0", 8, KEY)) {
                Future<String> server = acceptAndEcho(listener);
                // Bytes that are no frame; a frame header announcing 2 GiB; a frame cut short by
                // the peer's end; a well-framed answer that is not an HMAC.
                Connection garbage = silentPeer(listener);
                byte[] text = "HELLO WORLD\n".getBytes(StandardCharsets.US_ASCII);
                Platform.descriptors().write(garbage.fileno(), text, 0, text.length);
                Connection huge = silentPeer(listener);
                byte[] header = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
                Platform.descriptors().write(huge.fileno(), header, 0, header.length);
                Connection truncated = silentPeer(listener);
                // It reads the challenge first, so that its close is an end of stream, not a reset.
                assertTrue(truncated.poll(Duration.ofSeconds(10)), "no challenge came");
                truncated.recvBytes(Authentication.MAX_MESSAGE);
                byte[] cut = ByteBuffer.allocate(9).putInt(100).put("{sha2".getBytes(StandardCharsets.US_ASCII)).array();
                Platform.descriptors().write(truncated.fileno(), cut, 0, cut.length);
                Connection wrong = silentPeer(listener);
                assertTrue(wrong.poll(Duration.ofSeconds(10)), "no challenge came");
                wrong.recvBytes(Authentication.MAX_MESSAGE);
                wrong.sendBytes("{sha256}0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
                assertTrue(wrong.poll(Duration.ofSeconds(10)), "no verdict came");
                assertEquals("#FAILURE#", new String(wrong.recvBytes(), StandardCharsets.US_ASCII));
                truncated.close();
                for (Connection peer : List.of(garbage, huge, wrong)) {
                    assertTrue(droppedWithin(peer, Duration.ofSeconds(5)), "the listener still holds " + peer);
                }
                getsThroughWithin(listener, server, 5000, "good");
            }
        });
        List<String> dropped = logs.stream().filter(line -> line.startsWith("DEBUG") && line.contains("the handshake failed")).toList();
        assertEquals(4, dropped.size(), logs.toString());
        assertTrue(dropped.stream().anyMatch(line -> line.contains("bad message length: 1212501068 bytes")), dropped.toString());
        assertTrue(dropped.stream().anyMatch(line -> line.contains("bad message length: 2147483647 bytes")), dropped.toString());
        assertTrue(dropped.stream().anyMatch(line -> line.contains("got end of file during message (5 of 100 bytes)")), dropped.toString());
        assertTrue(dropped.stream().anyMatch(line -> line.contains("digest received was wrong")), dropped.toString());
    }

    @Test
    void wrongKeyIsRejectedAndAcceptWaitsForTheNextClient() throws Exception {
        List<String> logs = Logs.atDebug(() -> {
            try (Listener listener = new Listener("127.0.0.1:0", 8, KEY)) {
                Future<String> server = acceptAndEcho(listener);
                AuthenticationException rejected = assertThrows(AuthenticationException.class,
                        () -> Client.connect(listener.getAddress(), "wrong".getBytes(StandardCharsets.US_ASCII)));
                assertEquals("digest sent was rejected", rejected.getMessage());
                getsThroughWithin(listener, server, 5000, "next");
            }
        });
        assertTrue(logs.stream().anyMatch(line -> line.startsWith("DEBUG") && line.contains("digest received was wrong")),
                logs.toString());
    }

    @Test
    void closeWakesABlockedAcceptAndEndsHandshakesInFlight() throws Exception {
        Listener listener = new Listener("127.0.0.1:0", 8, KEY);
        try {
            List<Connection> silent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                silent.add(silentPeer(listener));
            }
            Future<String> blocked = acceptAndEcho(listener);
            Thread.sleep(200);
            long start = System.nanoTime();
            listener.close();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2000, "close took " + millis + " ms");
            ExecutionException woken = assertThrows(ExecutionException.class, () -> blocked.get(5, TimeUnit.SECONDS));
            assertTrue(woken.getCause() instanceof IOException, woken.getCause().toString());
            assertEquals("listener is closed", woken.getCause().getMessage());
            for (Connection peer : silent) {
                assertTrue(droppedWithin(peer, Duration.ofSeconds(5)), "a handshake in flight outlived close: " + peer);
            }
            assertEquals(List.of(), listenerThreads(), "threads left behind by the listener");
        } finally {
            listener.close();
        }
    }

    @Test
    void aListenerDroppedUnclosedIsClosedByTheGarbageCollector() throws Exception {
        Listener listener = new Listener("127.0.0.1:0", 8, KEY);
        Address address = listener.getAddress();
        listener.waitHandle();
        Connection silent = Client.connect(address, null);
        peers.add(silent);
        assertTrue(silent.poll(Duration.ofSeconds(10)), "the handshake never began");
        listener = null;
        // Its threads must not keep it reachable: then the cleaner closes it, handshake and all.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listenerThreads().isEmpty() && System.nanoTime() < deadline) {
            System.gc();
        }
        assertEquals(List.of(), listenerThreads());
        assertTrue(droppedWithin(silent, Duration.ofSeconds(5)), "the handshake in flight outlived its listener");
        assertThrows(IOException.class, () -> Client.connect(address, null), "still listening");
    }

    @Test
    void interruptEndsABlockedAccept() throws Exception {
        try (Listener listener = new Listener("127.0.0.1:0", 8, KEY)) {
            Thread[] acceptor = new Thread[1];
            Future<Boolean> blocked = threads.submit(() -> {
                acceptor[0] = Thread.currentThread();
                try {
                    listener.accept().close();
                    return false;
                } catch (java.io.InterruptedIOException e) {
                    return Thread.currentThread().isInterrupted();
                }
            });
            Thread.sleep(200);
            acceptor[0].interrupt();
            assertTrue(blocked.get(5, TimeUnit.SECONDS), "accept() ended by the interrupt, which stays set");
        }
    }

    @Test
    void listenerIsReadyForWaitOnlyOnceAClientAuthenticated() throws Exception {
        try (Listener listener = new Listener("127.0.0.1:0", 8, KEY)) {
            silentPeer(listener);
            assertEquals(List.of(), Multiprocessing.wait(List.of(listener), Duration.ofMillis(300)),
                    "a silent peer is no client to accept");
            Future<Connection> client = threads.submit(() -> Client.connect(listener.getAddress(), KEY));
            assertEquals(List.of(listener), Multiprocessing.wait(List.of(listener), Duration.ofSeconds(10)));
            try (Connection accepted = listener.accept(); Connection c = client.get(10, TimeUnit.SECONDS)) {
                assertEquals(List.of(), Multiprocessing.wait(List.of(listener), Duration.ofMillis(50)),
                        "the queued connection was taken");
                c.sendBytes(new byte[] {42});
                assertTrue(accepted.poll(Duration.ofSeconds(10)), "the accepted connection is not the client's");
                assertEquals(42, accepted.recvBytes()[0]);
            }
        }
    }

    @Test
    void twoHundredConcurrentClientsAgainstTheDefaultBacklog() throws Exception {
        int clients = 200;
        try (Listener listener = Listener.builder().address("127.0.0.1:0").authkey(KEY).open()) {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                answers.add(threads.submit(() -> {
                    go.await();
                    try (Connection c = Client.connect(listener.getAddress(), KEY)) {
                        c.send(n);
                        return (Integer) c.recv();
                    }
                }));
            }
            go.countDown();
            int mostHandshakeThreads = 0;
            for (int i = 0; i < clients; i++) {
                assertEquals(List.of(listener), Multiprocessing.wait(List.of(listener), Duration.ofSeconds(30)),
                        "client " + i + " never came");
                try (Connection c = listener.accept()) {
                    c.send(c.recv());
                }
                mostHandshakeThreads = Math.max(mostHandshakeThreads, handshakeThreads());
            }
            for (int i = 0; i < clients; i++) {
                assertEquals(i, answers.get(i).get(30, TimeUnit.SECONDS), "client " + i);
            }
            assertTrue(mostHandshakeThreads <= Listener.DEFAULT_MAX_PENDING,
                    mostHandshakeThreads + " handshake threads for " + clients + " clients");
        }
    }

    @Test
    void clientsBeyondMaxPendingWaitInTheBacklog() throws Exception {
        try (Listener listener = Listener.builder().address("127.0.0.1:0").authkey(KEY).maxPending(2).open()) {
            Future<String> server = acceptAndEcho(listener);
            Connection first = silentPeer(listener);
            Connection second = silentPeer(listener);
            Connection third = silentPeer(listener);
            assertTrue(first.poll(Duration.ofSeconds(10)) && second.poll(Duration.ofSeconds(10)), "two handshakes began");
            assertTrue(!third.poll(Duration.ofMillis(500)), "a third client was taken from the backlog");
            assertTrue(handshakeThreads() <= 2, handshakeThreads() + " handshake threads");
            first.close();
            assertTrue(third.poll(Duration.ofSeconds(10)), "the third client was not taken once a place was free");
            assertTrue(!server.isDone());
        }
    }

    @Test
    void handshakeTimeoutIsTheListeners() throws Exception {
        List<String> logs = Logs.atDebug(() -> {
            try (Listener listener = Listener.builder().address("127.0.0.1:0").authkey(KEY)
                    .handshakeTimeout(Duration.ofMillis(300)).maxPending(1).open()) {
                assertEquals(Duration.ofMillis(300), listener.getHandshakeTimeout());
                Future<String> server = acceptAndEcho(listener);
                long start = System.nanoTime();
                Connection silent = silentPeer(listener);
                // One place only: this client's handshake begins once the silent one has timed out.
                Future<Connection> client = threads.submit(() -> Client.connect(listener.getAddress(), KEY));
                assertTrue(droppedWithin(silent, Duration.ofSeconds(5)), "the silent peer outlived the timeout");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis >= 250, "dropped after " + millis + " ms");
                try (Connection c = client.get(5, TimeUnit.SECONDS)) {
                    assertEquals("after", echoed(c, "after"));
                }
                assertEquals("after", server.get(10, TimeUnit.SECONDS));
            }
        });
        assertTrue(logs.stream().anyMatch(line -> line.contains("no data from the peer within 300 ms")), logs.toString());
    }

    @Test
    void aPeerKilledInItsHandshakeHoldsUpNobody() throws Exception {
        Connection[] signal = Pipe.open();
        List<String> logs;
        try {
            logs = Logs.atDebug(() -> {
                // One place only, and the default 20 s timeout: the good client gets through
                // quickly only if the death of the peer ends its handshake at once.
                try (Listener listener = Listener.builder().address("127.0.0.1:0").authkey(KEY).maxPending(1).open()) {
                    Future<String> server = acceptAndEcho(listener);
                    String address = listener.getAddress().toString();
                    org.multiprocessing4j.Process child = org.multiprocessing4j.testing.Children.start(() -> {
                        try (Connection c = Client.connect(address, null)) {
                            c.recvBytes(Authentication.MAX_MESSAGE);
                            signal[1].send("challenged");
                            Thread.sleep(60_000);
                        }
                    });
                    assertTrue(signal[0].poll(Duration.ofSeconds(30)), "the child never got its challenge");
                    assertEquals("challenged", signal[0].recv());
                    child.kill();
                    org.multiprocessing4j.testing.Children.finish(child, -9);
                    getsThroughWithin(listener, server, 5000, "alive");
                }
            });
        } finally {
            signal[0].close();
            signal[1].close();
        }
        assertTrue(logs.stream().anyMatch(line -> line.contains("the peer closed the connection")), logs.toString());
    }

    @Test
    void settingsAreChecked() throws Exception {
        Listener.Builder builder = Listener.builder();
        assertEquals("backlog must not be negative: -1",
                assertThrows(IllegalArgumentException.class, () -> builder.backlog(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Listener("127.0.0.1:0", -1, KEY));
        assertEquals("maxPending must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> builder.maxPending(0)).getMessage());
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> builder.handshakeTimeout(null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.handshakeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.handshakeTimeout(Duration.ofSeconds(-1)));
        try (Listener listener = builder.address("127.0.0.1:0").open()) {
            assertEquals(Listener.DEFAULT_HANDSHAKE_TIMEOUT, listener.getHandshakeTimeout());
            assertEquals(Duration.ofSeconds(20), Listener.DEFAULT_HANDSHAKE_TIMEOUT);
        }
        // A timeout beyond what nanoseconds count is for ever, not an overflow in the handshake.
        try (Listener listener = builder.authkey(KEY).handshakeTimeout(Duration.ofSeconds(Long.MAX_VALUE)).open()) {
            getsThroughWithin(listener, acceptAndEcho(listener), 5000, "patient");
        }
    }

    /** How many handshake threads of listeners are alive now. */
    static int handshakeThreads() {
        int count = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("mp4j-listener") && t.getName().endsWith("-handshake")) {
                count++;
            }
        }
        return count;
    }

    /** The listener's threads alive now. */
    static List<String> listenerThreads() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        List<String> names;
        do {
            names = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("mp4j-listener")) {
                    names.add(t.getName());
                }
            }
            if (!names.isEmpty()) {
                Thread.sleep(20);
            }
        } while (!names.isEmpty() && System.nanoTime() < deadline);
        return names;
    }
}
