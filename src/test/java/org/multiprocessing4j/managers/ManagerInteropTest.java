package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.testing.CPython;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPython on either end of a manager, with a real {@code python3} (and a CPython 3.12 or later
 * where installed, for its {@code {sha256}} handshake): a CPython {@code SyncManager} client
 * uses a Java manager server, and a Java client uses a CPython server (CPython's remote
 * manager example, its {@code get_queue} included). The CPython side is
 * {@code native-tests/python/manager_peer.py}, which the native tests run too.
 */
class ManagerInteropTest {
    private static final String KEY = "interop-secret";
    private static final Path PEER = Path.of("native-tests", "python", "manager_peer.py");
    /** The Java server's {@code get_board}: one dict, in the manager's process, that both sides see. */
    private static final Map<Object, Object> BOARD = new LinkedHashMap<>();

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCPythonSyncManagerUsesAJavaManagerServer() throws Exception {
        CPython.assumeInstalled();
        try (SyncManager manager = SyncManager.builder().address("127.0.0.1:0")
                .authkey(KEY.getBytes(StandardCharsets.UTF_8)).build()) {
            manager.register("get_board", (args, kwds) -> new DictReferent(BOARD),
                    ProxyType.of(DictProxy::new, DictReferent.EXPOSED, Map.of("__iter__", "Iterator")));
            manager.start();
            DictProxy<Object, Object> board = manager.create("get_board");
            board.setItem("from java", Map.of("n", 1, "t", List.of(1, 2)));
            for (String python : interpreters()) {
                board.remove("from python");
                List<String> out = runPeer(python, "client", manager.getAddress().toString(), KEY);
                assertEquals(List.of("ok dict", "ok list", "ok nested proxy", "ok Namespace", "ok Queue", "ok Value", "ok Lock", "ok Event",
                        "ok get_board", "client done"), out, python);
                assertEquals(List.of(1L, BigInteger.TWO.pow(80), "three"), board.get("from python"), python);
                // CPython's proxies dropped their references at its exit: only the board is left.
                assertEquals(1, manager.numberOfObjects(), manager.debugInfo());
            }
            // Nothing foreign is made: a global off the allow-list is refused before it is looked up.
            assertEquals(List.of("#TRACEBACK True", "#TRACEBACK True"),
                    runPeer("python3", "hostile", manager.getAddress().toString(), KEY));
            board.close();
            assertEquals(0, manager.numberOfObjects());
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aJavaClientUsesACPythonManagerServer(@TempDir Path dir) throws Exception {
        CPython.assumeInstalled();
        for (String python : interpreters()) {
            Path addressFile = dir.resolve("address-" + Math.abs(python.hashCode()));
            java.lang.Process server = new ProcessBuilder(python, PEER.toString(), "serve", "127.0.0.1:0", KEY,
                    addressFile.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile()).start();
            try {
                Address address = Address.parse(await(addressFile, server));
                useACPythonServer(address, python);
                // CPython's way to stop a remote manager: its shutdown method, on a one-shot connection.
                assertEquals(List.of("stopped"), runPeer(python, "stop", address.toString(), KEY));
                assertTrue(server.waitFor(30, TimeUnit.SECONDS), python + " did not stop: " + Files.readString(dir.resolve("server.out")));
                assertEquals(0, server.exitValue(), Files.readString(dir.resolve("server.out")));
            } finally {
                server.destroyForcibly();
                server.waitFor();
            }
        }
    }

    private static void useACPythonServer(Address address, String python) throws Exception {
        SyncManager manager = SyncManager.builder().address(address).authkey(KEY.getBytes(StandardCharsets.UTF_8)).build();
        manager.register("get_queue", ProxyType.of(QueueProxy::new, QueueReferent.EXPOSED.toArray(new String[0])));
        manager.connect();

        DictProxy<Object, Object> dict = manager.dict(Map.of("a", 1));
        dict.setItem("b", List.of(1, "two", 3.5, true));
        assertEquals(1L, dict.get("a"), python);
        assertEquals(1L, dict.put("a", BigInteger.TEN.pow(30)));
        assertEquals(BigInteger.TEN.pow(30), dict.getItem("a"));
        assertEquals(List.of(1L, "two", 3.5, true), dict.get("b"));
        assertThrows(NoSuchElementException.class, () -> dict.getItem("missing"));
        List<Object> keys = new ArrayList<>();
        dict.keySet().forEach(keys::add);
        assertEquals(List.of("a", "b"), keys);
        // What has no Python type fails here, before anything is sent.
        SerializationException refused = assertThrows(SerializationException.class,
                () -> dict.setItem("d", java.time.Duration.ZERO));
        assertTrue(refused.getMessage().contains("java.time.Duration"), refused.getMessage());

        ListProxy<Object> list = manager.list(List.of(1, 2));
        list.add("x");
        assertEquals(1L, list.set(0, 10));
        assertEquals(List.of(10L, 2L, "x"), new ArrayList<>(list));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(99));

        NamespaceProxy ns = manager.namespace(Map.of("x", 1));
        ns.set("y", Set.of("s"));
        assertEquals(1L, ns.get("x"));
        assertEquals(Set.of("s"), ns.get("y"));
        ns.delete("x");
        assertThrows(IllegalArgumentException.class, () -> ns.get("x"));

        QueueProxy<Object> queue = manager.queue();
        queue.put(new byte[] {1, 2});
        queue.put("two");
        assertEquals(List.of((byte) 1, (byte) 2), toList((byte[]) queue.get()));
        assertEquals("two", queue.get(Duration.ofSeconds(5)));
        assertThrows(Empty.class, () -> queue.get(Duration.ofMillis(100)));
        assertThrows(Empty.class, queue::getNowait);

        ValueProxy<Object> value = manager.value("i", 5);
        value.set(6);
        assertEquals(6L, value.get());

        AcquirerProxy lock = manager.lock();
        lock.acquire();
        assertFalse(lock.acquire(false));
        lock.release();
        assertThrows(IllegalStateException.class, lock::release);

        EventProxy event = manager.event();
        assertFalse(event.isSet());
        event.set();
        assertTrue(event.await(Duration.ofSeconds(1)));
        event.clear();
        assertFalse(event.await(Duration.ofMillis(100)));

        // CPython's remote manager example: the server's queue, by its registered typeid.
        QueueProxy<Object> shared = manager.create("get_queue");
        shared.put("hello from Java");
        QueueProxy<Object> again = manager.create("get_queue");
        assertEquals("hello from Java", again.get(Duration.ofSeconds(5)));

        for (AutoCloseable proxy : List.<AutoCloseable>of(dict, list, ns, queue, value, lock, event, shared, again)) {
            proxy.close();
        }
        assertEquals(0, manager.numberOfObjects(), manager.debugInfo());
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    /** {@code python3}, and the newest CPython 3.12+ installed (its {@code {sha256}} handshake). */
    private static List<String> interpreters() {
        List<String> found = new ArrayList<>(List.of("python3"));
        List<String> all = CPython.interpreters();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                if (CPython.runWith(all.get(i), "import sys; print(sys.version_info >= (3, 12))", "").trim().equals("True")) {
                    found.add(all.get(i));
                    break;
                }
            } catch (java.io.IOException | AssertionError e) {
                // not a usable interpreter
            }
        }
        return found;
    }

    private static List<String> runPeer(String python, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(python, PEER.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("mp4j-manager-peer-", ".out");
        java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            boolean exited = process.waitFor(90, TimeUnit.SECONDS);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(exited, python + " did not exit within 90 s: " + text);
            assertEquals(0, process.exitValue(), python + " failed:\n" + text);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } finally {
            process.destroyForcibly();
            process.waitFor();
            Files.deleteIfExists(output);
        }
    }

    private static String await(Path file, java.lang.Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            assertTrue(server.isAlive(), "the CPython server ended before it listened");
            Thread.sleep(50);
        }
        throw new AssertionError("the CPython server did not listen within 30 s");
    }
}
