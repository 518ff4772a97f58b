package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.Handoff;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reference counting: a shared object lives exactly as long as some process holds a proxy of
 * it, or another shared object stores it. {@code number_of_objects} counts every live object.
 */
class RefcountTest {
    /** How long the garbage collector and the cleaner threads are given to release dropped proxies. */
    private static final long GC_MILLIS = 10_000;
    /** The bound this project states for a killed client's references to go: 1 s; tested with room for a loaded machine. */
    private static final long KILLED_CLIENT_MILLIS = 10_000;

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void objectsDieWithTheirLastProxyClosedOrCollected() throws Exception {
        try (SyncManager manager = Multiprocessing.manager()) {
            ListProxy<Integer> kept = manager.list();
            DictProxy<String, String> closed = manager.dict();
            manager.event();
            manager.queue();
            assertEquals(4, manager.numberOfObjects());
            closed.close();
            closed.close();
            assertEquals(3, manager.numberOfObjects());
            // The event and the queue were dropped at once: the cleaner releases them after a GC.
            assertEventually(() -> manager.numberOfObjects(), 1, GC_MILLIS, true);
            kept.add(1);
            kept.close();
            assertEquals(0, manager.numberOfObjects());
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aProxySentToAChildHoldsItsObjectUntilTheChildEnds() throws Exception {
        try (SyncManager manager = Multiprocessing.manager()) {
            ListProxy<String> list = manager.list();
            EventProxy go = manager.event();
            Process child = Children.start(() -> {
                go.await(Duration.ofSeconds(30));
                list.add("from the child");
            });
            // Once the child holds its own reference, the parent lets go of the list: the
            // child's reference keeps it alive. (As in CPython, a proxy must be held by its
            // sender until the receiver has rebuilt it.)
            Object token = list.getToken();
            assertEventually(() -> refcount(manager, list), 2, 30_000, false);
            list.close();
            go.set();
            Children.finish(child);
            go.close();
            // The child's references went with its session when it exited.
            assertEventually(() -> manager.numberOfObjects(), 0, 10_000, false);
            assertTrue(token instanceof Token);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anObjectStoredInAListIsFreedWhenRemovedFromIt() throws Exception {
        // gh-103136: CPython keeps the lock for ever once it was stored in a managed list.
        try (SyncManager manager = Multiprocessing.manager()) {
            ListProxy<Object> list = manager.list();
            AcquirerProxy lock = manager.lock();
            list.add(lock);
            lock.close();
            assertEquals(2, manager.numberOfObjects(), "the list holds the lock");
            list.callMethod("__delitem__", 0);
            assertEquals(1, manager.numberOfObjects(), "removed from the list, the lock is freed");
            list.close();
            assertEquals(0, manager.numberOfObjects());
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aListStoredInADictIsUsableAndFreedWithTheDict() throws Exception {
        // gh-119937: nested proxies work where they land and are released with their container.
        try (SyncManager manager = Multiprocessing.manager()) {
            DictProxy<String, Object> dict = manager.dict();
            ListProxy<Integer> inner = manager.list();
            dict.put("inner", inner);
            inner.close();
            assertEquals(2, manager.numberOfObjects());
            Object back = dict.get("inner");
            assertInstanceOf(ListProxy.class, back);
            @SuppressWarnings("unchecked")
            ListProxy<Integer> again = (ListProxy<Integer>) back;
            again.add(7);
            again.close();
            try (ListProxy<?> third = (ListProxy<?>) dict.get("inner")) {
                assertEquals(List.of(7), third.getValue());
            }
            assertEquals(2, manager.numberOfObjects());
            dict.close();
            assertEquals(0, manager.numberOfObjects(), "the dict's death frees the list it held");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anObjectTakenOutOfItsOnlyHolderReachesTheClientAlive() throws Exception {
        // The list is the lock's only holder; pop removes it, and the reply pins it until the
        // client has its own reference.
        try (SyncManager manager = Multiprocessing.manager()) {
            ListProxy<Object> list = manager.list();
            QueueProxy<Object> queue = manager.queue();
            AcquirerProxy lock = manager.lock();
            list.add(lock);
            queue.put(lock);
            lock.close();
            AcquirerProxy popped = (AcquirerProxy) list.remove(0);
            AcquirerProxy got = (AcquirerProxy) queue.get();
            popped.acquire();
            assertTrue(!got.tryLock());
            popped.release();
            assertEquals(3, manager.numberOfObjects());
            popped.close();
            got.close();
            assertEquals(2, manager.numberOfObjects());
            list.close();
            queue.close();
            assertEquals(0, manager.numberOfObjects());
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aProxyMadeWhileTheLastOtherOneClosesKeepsItsObject() throws Exception {
        // The last proxy of a manager closes the process's connections to it; one made at that
        // moment must not have its reference dropped with the session it was taken on.
        try (SyncManager manager = Multiprocessing.manager()) {
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Runnable churn = () -> {
                try {
                    for (int i = 0; i < 150 && failure.get() == null; i++) {
                        try (ListProxy<Integer> list = manager.list()) {
                            list.add(i);
                            assertEquals(1, list.size());
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            };
            Thread first = new Thread(churn);
            Thread second = new Thread(churn);
            first.start();
            second.start();
            first.join();
            second.join();
            if (failure.get() != null) {
                throw new AssertionError("a proxy lost its object", failure.get());
            }
            assertEquals(0, manager.numberOfObjects());
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withoutSessionsReferencesGoOneShotAsCPythonsClientsTakeThem() throws Exception {
        // A server that answers as CPython's (no accept_session): the client falls back to
        // one-shot incref and decref, and to incref then decref for a #PROXY reply.
        org.multiprocessing4j.Context cpythonLike = Multiprocessing.context()
                .withSystemProperty("multiprocessing4j.managerSessions", "false");
        try (SyncManager manager = SyncManager.builder().context(cpythonLike).build()) {
            manager.start();
            DictProxy<String, Integer> dict = manager.dict(Map.of("a", 1, "b", 2));
            assertTraceback(Wire.oneShot(manager, "accept_session", "a client"));
            Children.finish(Children.start(() -> dict.put("c", 3)));
            Object iterator = dict.callMethod("__iter__");
            List<Object> keys = new java.util.ArrayList<>();
            ((IteratorProxy<?>) iterator).forEachRemaining(keys::add);
            assertEquals(3, keys.size());
            assertEquals(2, manager.numberOfObjects());
            ((IteratorProxy<?>) iterator).close();
            assertEquals(1, refcount(manager, dict));
            dict.close();
            assertEquals(0, manager.numberOfObjects());
        }
    }

    private static void assertTraceback(Reply reply) {
        assertEquals(Reply.TRACEBACK, reply.getKind(), reply.toString());
    }

    /** In a child: connects to the manager, creates objects, takes a reference to the parent's, reports, sleeps. */
    static void createAndSleep(Address address, ListProxy<Object> parents, String report) throws Exception {
        SyncManager manager = new SyncManager(address, null);
        manager.connect();
        ListProxy<Object> mine = manager.list();
        mine.add(manager.dict());
        manager.queue().put(parents);
        Handoff.write(report, "ready");
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aKilledClientDoesNotLeakItsObjects(@TempDir Path dir) throws Exception {
        try (SyncManager manager = Multiprocessing.manager()) {
            ListProxy<Object> parents = manager.list();
            Address address = manager.getAddress();
            String report = dir.resolve("ready").toString();
            Process child = Children.start(() -> createAndSleep(address, parents, report));
            Handoff.await(dir.resolve("ready"), Duration.ofSeconds(60));
            assertEquals(4, manager.numberOfObjects(), manager.debugInfo());
            long killed = System.nanoTime();
            child.kill();
            assertEventually(() -> manager.numberOfObjects(), 1, KILLED_CLIENT_MILLIS, false);
            long millis = (System.nanoTime() - killed) / 1_000_000;
            assertTrue(millis < KILLED_CLIENT_MILLIS, "took " + millis + " ms");
            Children.finish(child, -9);
            assertEquals(List.of(), parents.getValue());
            parents.close();
        }
    }

    /** The refcount {@code debug_info} shows for the object of {@code proxy}. */
    static int refcount(BaseManager manager, Proxy proxy) {
        String info = manager.debugInfo();
        String marker = "  " + proxy.getToken().getId() + ":       refcount=";
        int at = info.indexOf(marker);
        if (at < 0) {
            return 0;
        }
        int start = at + marker.length();
        int end = start;
        while (end < info.length() && Character.isDigit(info.charAt(end))) {
            end++;
        }
        return Integer.parseInt(info.substring(start, end));
    }

    /** Waits at most {@code millis} for {@code value} to be {@code expected}, collecting garbage if {@code gc}. */
    static void assertEventually(IntSupplier value, int expected, long millis, boolean gc) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int last = value.getAsInt();
        while (last != expected && System.nanoTime() < deadline) {
            if (gc) {
                System.gc();
            }
            Thread.sleep(50);
            last = value.getAsInt();
        }
        assertEquals(expected, last, "after " + millis + " ms");
    }
}
