package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.pickle.PySlice;
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
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
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
            List<String> core = List.of("ok dict", "ok list", "ok nested proxy", "ok Namespace", "ok Queue", "ok Value",
                    "ok Lock", "ok Event", "ok get_board");
            for (String python : interpreters()) {
                board.remove("from python");
                List<String> expected = new ArrayList<>(core);
                if (python.equals("python3")) {
                    // The rest, with a Java party, on one interpreter: every object a CPython client
                    // makes costs it tens of milliseconds, whichever manager serves it.
                    expected.addAll(List.of("ok slices", "ok Array", "ok _getvalue", "ok Pool refused",
                            "ok RLock Semaphore BoundedSemaphore Condition Barrier", "ok with Java: Lock Condition Barrier",
                            "client done"));
                    withAJavaParty(manager, board, () -> assertEquals(expected,
                            runPeer(python, "client", manager.getAddress().toString(), KEY), python));
                } else {
                    expected.add("client done");
                    assertEquals(expected, runPeer(python, "client-core", manager.getAddress().toString(), KEY), python);
                }
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

    /** A CPython run that throws what it asserts. */
    private interface PythonRun {
        void run() throws Exception;
    }

    /**
     * Runs {@code python} with a Java party on a thread of this process, the other side of
     * {@code manager_peer.py}'s {@code with_java}: it holds the board's {@code lock} until
     * CPython tried it, notifies CPython waiting on {@code cond}, waits on it for CPython's
     * notify, meets CPython at {@code barrier}, then waits there again until CPython aborts it.
     */
    private static void withAJavaParty(SyncManager manager, DictProxy<Object, Object> board, PythonRun python)
            throws Exception {
        AcquirerProxy lock = manager.lock();
        ConditionProxy cond = manager.condition();
        BarrierProxy barrier = manager.barrier(2);
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<List<Object>> party = CompletableFuture.supplyAsync(() -> {
            List<Object> seen = new ArrayList<>();
            try {
                lock.acquire();
                holding.countDown();
                awaitKey(board, "tried lock");
                lock.release();
                awaitKey(board, "python waits");
                cond.acquire(); // free once CPython waits
                cond.signal();
                cond.release();
                cond.acquire();
                board.setItem("java waits", true);
                seen.add(cond.await(Duration.ofSeconds(30)));
                cond.release();
                seen.add(barrier.await(Duration.ofSeconds(30)));
                try {
                    barrier.await(Duration.ofSeconds(30));
                    seen.add("passed an aborted barrier");
                } catch (BrokenBarrierException expected) {
                    seen.add(expected.getClass().getSimpleName());
                }
            } catch (Exception e) {
                throw new CompletionException(e);
            }
            return seen;
        });
        try {
            assertTrue(holding.await(30, TimeUnit.SECONDS));
            board.setItem("lock", lock);
            board.setItem("cond", cond);
            board.setItem("barrier", barrier);
            python.run();
            // Notified by CPython, at the barrier with it, then broken by its abort.
            List<Object> seen = party.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(true, "BrokenBarrierException"), List.of(seen.get(0), seen.get(2)), seen.toString());
            assertTrue(List.of(0, 1).contains(seen.get(1)), seen.toString());
        } finally {
            party.cancel(true);
            for (String key : List.of("lock", "cond", "barrier", "tried lock", "python waits", "java waits")) {
                if (board.remove(key) instanceof AutoCloseable removedProxy) {
                    removedProxy.close();
                }
            }
            for (AutoCloseable proxy : List.<AutoCloseable>of(lock, cond, barrier)) {
                proxy.close();
            }
        }
    }

    private static void awaitKey(DictProxy<Object, Object> board, String key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!board.containsKey(key)) {
            assertTrue(System.nanoTime() < deadline, "CPython never set " + key);
            Thread.sleep(10);
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

        if (python.equals("python3")) {
            // On one interpreter: the same bytes cross on every version.
            useMoreOfACPythonServer(manager, value, ns);
        }

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

    /** Slices, the copies of an Array, a Value and a Namespace, and the synchronization types of a CPython manager. */
    private static void useMoreOfACPythonServer(SyncManager manager, ValueProxy<Object> value, NamespaceProxy ns)
            throws Exception {
        // Slices go as Python's slice objects (what CPython's ListProxy sends for l[1:3]).
        ListProxy<Object> sliced = manager.list(List.of(0, 1, 2, 3, 4, 5));
        assertEquals(List.of(1L, 2L), sliced.callMethod("__getitem__", PySlice.of(1, 3)));
        sliced.callMethod("__setitem__", PySlice.of(1, 3), List.of("a", "b", "c"));
        sliced.callMethod("__delitem__", new PySlice(null, null, 2));
        assertEquals(List.of("a", "c", 4L), sliced.getValue());

        // The copies CPython's server sends: array.array, managers.Value, managers.Namespace.
        ArrayProxy<Integer> array = manager.array("i", List.of(1, 2, 3));
        array.set(1, 7);
        assertEquals(List.of(1, 7, 3), array.toList());
        assertEquals(7L, (Object) array.get(1)); // an int from CPython is a Long, whatever the typecode
        assertEquals(3, array.length());
        assertEquals(6L, value.getValue());
        assertEquals(Map.of("y", Set.of("s")), ns.getAttributes());

        sliced.close();
        array.close();
        useCPythonsPrimitives(manager);
    }

    /** RLock, Semaphore, BoundedSemaphore, Condition and Barrier of a CPython manager, with two threads of this process as parties. */
    private static void useCPythonsPrimitives(SyncManager manager) throws Exception {
        AcquirerProxy rLock = manager.rLock();
        assertTrue(rLock.acquire(true));
        assertTrue(rLock.acquire(Duration.ofMillis(50)));
        rLock.release();
        rLock.release();
        assertThrows(IllegalStateException.class, rLock::release);

        AcquirerProxy semaphore = manager.semaphore(1);
        assertTrue(semaphore.acquire(false));
        assertFalse(semaphore.acquire(Duration.ofMillis(50)));
        semaphore.release();
        AcquirerProxy bounded = manager.boundedSemaphore(1);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, bounded::release);
        assertEquals("ValueError: Semaphore released too many times", tooMany.getMessage());

        ConditionProxy cond = manager.condition();
        BarrierProxy barrier = manager.barrier(2);
        assertThrows(IllegalStateException.class, cond::signal);
        cond.acquire();
        assertFalse(cond.await(Duration.ofMillis(50)));
        // Another thread is another connection: it waits on the condition, then meets this one at the barrier.
        CompletableFuture<List<Object>> other = CompletableFuture.supplyAsync(() -> {
            try {
                cond.acquire();
                boolean notified = cond.await(Duration.ofSeconds(30));
                cond.release();
                return List.of(notified, barrier.await(Duration.ofSeconds(30)));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        cond.release();
        while (!other.isDone()) {
            cond.acquire();
            cond.signalAll();
            cond.release();
            if (barrier.getNumberWaiting() == 0) {
                Thread.sleep(10);
                continue;
            }
            break;
        }
        int mine = barrier.await(Duration.ofSeconds(30));
        List<Object> theirs = other.get(30, TimeUnit.SECONDS);
        assertEquals(true, theirs.get(0));
        assertEquals(Set.of(0, 1), Set.of(mine, ((Number) theirs.get(1)).intValue()));
        assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(50)));
        assertTrue(barrier.isBroken());
        barrier.reset();
        assertFalse(barrier.isBroken());
        barrier.abort();
        assertTrue(barrier.isBroken());
        for (AutoCloseable proxy : List.<AutoCloseable>of(rLock, semaphore, bounded, cond, barrier)) {
            proxy.close();
        }
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
