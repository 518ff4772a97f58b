import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.managers.AcquirerProxy;
import org.multiprocessing4j.managers.ArrayProxy;
import org.multiprocessing4j.managers.BarrierProxy;
import org.multiprocessing4j.managers.ConditionProxy;
import org.multiprocessing4j.managers.AutoProxy;
import org.multiprocessing4j.managers.DictProxy;
import org.multiprocessing4j.managers.EventProxy;
import org.multiprocessing4j.managers.ListProxy;
import org.multiprocessing4j.managers.NamespaceProxy;
import org.multiprocessing4j.managers.ProxyType;
import org.multiprocessing4j.managers.QueueProxy;
import org.multiprocessing4j.managers.Server;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.managers.ValueProxy;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.serialization.pickle.PySlice;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;

/**
 * The Java side of the manager interop test (native-tests/test_cpython_managers.sh), facing
 * native-tests/python/manager_peer.py:
 * <ul>
 * <li>{@code serve HOST:PORT KEY ADDRESS_FILE}: a Java SyncManager server with {@code get_board}
 * (one dict), served in this process until a client sends shutdown; then prints what CPython
 * left on the board.</li>
 * <li>{@code client HOST:PORT KEY}: a Java client of a CPython SyncManager server that registers
 * {@code get_queue} (its dict, list and a slice, Namespace, Array and Value with their copies,
 * Queue, Lock, RLock, BoundedSemaphore, Condition, Barrier, Event); prints "client done".</li>
 * </ul>
 */
public class ManagerPeer {
    static final Map<Object, Object> BOARD = Collections.synchronizedMap(new LinkedHashMap<>());

    public static void main(String[] args) throws Exception {
        byte[] key = args[2].getBytes(StandardCharsets.UTF_8);
        switch (args[0]) {
            case "serve" -> serve(args[1], key, Path.of(args[3]));
            case "client" -> client(Address.parse(args[1]), key);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static void serve(String address, byte[] key, Path addressFile) throws Exception {
        BOARD.put("from java", Map.of("n", 1, "t", List.of(1, 2)));
        SyncManager manager = SyncManager.builder().address(address).authkey(key).build();
        manager.register("get_board", (a, k) -> BOARD);
        Server server = manager.getServer();
        Path pending = Path.of(addressFile + ".tmp");
        Files.writeString(pending, server.getAddress().toString());
        Files.move(pending, addressFile, StandardCopyOption.ATOMIC_MOVE);
        server.serveForever();
        System.out.println("board from python: " + BOARD.get("from python"));
    }

    static void client(Address address, byte[] key) throws Exception {
        SyncManager manager = SyncManager.builder().address(address).authkey(key).build();
        manager.register("get_queue", ProxyType.auto());
        manager.connect();

        DictProxy<Object, Object> dict = manager.dict(Map.of("a", 1));
        dict.setItem("b", List.of(1, "two", 3.5, true, BigInteger.TWO.pow(70)));
        check(Objects.equals(dict.put("a", 2), 1L), "put returns the old value");
        check(dict.get("b").equals(List.of(1L, "two", 3.5, true, BigInteger.TWO.pow(70))), "dict values: " + dict.get("b"));
        expect(NoSuchElementException.class, () -> dict.getItem("missing"));
        check(new ArrayList<>(dict.keySet()).equals(List.of("a", "b")), "keys");

        ListProxy<Object> list = manager.list(List.of(1, 2));
        list.add("x");
        check(new ArrayList<>(list).equals(List.of(1L, 2L, "x")), "list");
        expect(IndexOutOfBoundsException.class, () -> list.get(9));

        NamespaceProxy ns = manager.namespace(Map.of("x", 1));
        ns.set("y", "two");
        check(ns.get("x").equals(1L) && ns.get("y").equals("two"), "namespace");
        check(ns.getAttributes().equals(Map.of("x", 1L, "y", "two")), "a Namespace's copy: " + ns.getAttributes());
        check(list.callMethod("__getitem__", new PySlice(null, null, -1)).equals(List.of("x", 2L, 1L)), "a slice");

        ArrayProxy<Integer> array = manager.array("i", List.of(1, 2, 3));
        array.set(0, 7);
        check(array.toList().equals(List.of(7, 2, 3)), "an Array's copy: " + array.toList());

        QueueProxy<Object> queue = manager.queue();
        queue.put("one");
        check(queue.get().equals("one"), "queue");
        expect(Empty.class, () -> queue.get(Duration.ofMillis(100)));

        ValueProxy<Object> value = manager.value("i", 5);
        value.set(6);
        check(value.get().equals(6L) && value.getValue().equals(6L), "value");

        AcquirerProxy lock = manager.lock();
        lock.acquire();
        check(!lock.acquire(false), "a held lock");
        lock.release();
        AcquirerProxy rLock = manager.rLock();
        check(rLock.acquire(true) && rLock.acquire(Duration.ofMillis(100)), "an RLock is reentrant");
        rLock.release();
        rLock.release();
        expect(IllegalStateException.class, rLock::release);
        expect(IllegalArgumentException.class, manager.boundedSemaphore(1)::release);
        ConditionProxy cond = manager.condition();
        cond.acquire();
        check(!cond.await(Duration.ofMillis(100)), "a Condition's wait times out");
        cond.release();
        BarrierProxy barrier = manager.barrier(2);
        expect(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(100)));
        check(barrier.isBroken(), "a Barrier that timed out is broken");

        EventProxy event = manager.event();
        event.set();
        check(event.isSet() && event.await(Duration.ofSeconds(1)), "event");

        AutoProxy shared = manager.create("get_queue");
        shared.callMethod("put", "hello from Java");
        check(shared.callMethod("get").equals("hello from Java"), "get_queue");
        System.out.println("client done");
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    interface Action {
        void run() throws Exception;
    }

    static void expect(Class<? extends Exception> type, Action action) throws Exception {
        try {
            action.run();
        } catch (Exception e) {
            if (type.isInstance(e)) {
                return;
            }
            throw e;
        }
        throw new AssertionError("no " + type.getSimpleName());
    }
}
