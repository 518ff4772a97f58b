package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;
import org.multiprocessing4j.testing.Children;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every proxy type of a {@link SyncManager} across real processes: a child changes the shared
 * object through its proxy (a copy of the parent's, rebuilt in the child), the parent sees it;
 * and each type's methods behave as Python's, errors included.
 */
class ProxyTypesTest {
    private static final Duration LONG = Duration.ofSeconds(20);
    /** One manager for the class ({@link ClassManager}): starting one was most of each test's time. */
    @RegisterExtension
    static final ClassManager MANAGER = new ClassManager(Multiprocessing::manager);
    private final SyncManager manager = MANAGER.get();

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aListChangedByAChildIsChangedForTheParent() throws Exception {
        ListProxy<Object> list = manager.list(List.of(1, 2, 3));
        Children.finish(Children.start(() -> {
            list.add("four");
            list.set(0, 10);
            list.remove(Integer.valueOf(2));
            list.add(1, 2.5);
        }));
        assertEquals(List.of(10, 2.5, 3, "four"), list.getValue());
        assertEquals(4, list.size());
        assertEquals(2.5, list.get(1));
        assertTrue(list.contains("four"));
        assertEquals(3, list.indexOf(("four")));
        assertEquals(-1, list.indexOf("absent"));
        assertFalse(list.remove("absent"));
        assertEquals(10, list.remove(0));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(-1));
        list.addAll(List.of(1, 1));
        assertEquals(2, list.count(1));
        list.clear();
        assertTrue(list.isEmpty());
        list.addAll(List.of(3, 1, 2));
        list.sort(null);
        assertEquals(List.of(1, 2, 3), new ArrayList<>(list));
        list.reverse();
        assertEquals("[3, 2, 1]", list.toString());
        assertEquals(List.of(3, 2, 1), list);
        list.close();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDictChangedByAChildIsChangedForTheParent() throws Exception {
        DictProxy<String, Object> dict = manager.dict(Map.of("a", 1));
        Children.finish(Children.start(() -> {
            dict.put("b", List.of(2, 3));
            dict.setItem("c", null);
            dict.remove("a");
        }));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", List.of(2, 3));
        expected.put("c", null);
        assertEquals(expected, dict.getValue());
        assertEquals(2, dict.size());
        assertTrue(dict.containsKey("c"));
        assertNull(dict.get("c"));
        assertNull(dict.get("absent"));
        assertEquals(List.of(2, 3), dict.put("b", "replaced"));
        assertThrows(NoSuchElementException.class, () -> dict.getItem("absent"));
        assertNull(dict.putIfAbsent("d", 4));
        assertEquals(4, dict.putIfAbsent("d", 5));
        dict.putAll(Map.of("e", 5));
        assertEquals(List.of("b", "c", "d", "e"), new ArrayList<>(dict.keySet()));
        Iterator<Map.Entry<String, Object>> entries = dict.entrySet().iterator();
        assertEquals(new AbstractMap.SimpleImmutableEntry<>("b", "replaced"), entries.next());
        entries.remove();
        assertFalse(dict.containsKey("b"));
        // Python's iter(d): an iterator shared as a new object (method_to_typeid).
        Object iterator = dict.callMethod("__iter__");
        assertTrue(iterator instanceof IteratorProxy, String.valueOf(iterator));
        List<Object> keys = new ArrayList<>();
        ((IteratorProxy<?>) iterator).forEachRemaining(keys::add);
        assertEquals(List.of("c", "d", "e"), keys);
        ((IteratorProxy<?>) iterator).close();
        dict.clear();
        assertEquals(Map.of(), dict);
        dict.close();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aNamespaceAValueAndAnArrayChangedByAChild() throws Exception {
        NamespaceProxy ns = manager.namespace(Map.of("x", 1));
        ValueProxy<Double> value = manager.value("d", 1.5);
        ArrayProxy<Integer> array = manager.array("i", List.of(1, 2, 3));
        Children.finish(Children.start(() -> {
            ns.set("y", (Integer) ns.get("x") + 1);
            ns.delete("x");
            value.set(value.get() * 2);
            array.set(2, array.get(0) + array.length());
        }));
        assertEquals(Map.of("y", 2), ns.getAttributes());
        assertEquals("Namespace(y=2)", ns.toString());
        assertThrows(IllegalArgumentException.class, () -> ns.get("x"));
        assertEquals(3.0, value.get());
        assertEquals(List.of(1, 2, 4), array.toList());
        ArrayProxy<Object> untyped = manager.array("i", List.of(1));
        assertThrows(IllegalArgumentException.class, () -> untyped.set(0, 1.5));
        untyped.close();
        assertThrows(IndexOutOfBoundsException.class, () -> array.get(3));
        assertThrows(RemoteError.class, () -> manager.array("z", List.of()));
        ns.close();
        value.close();
        array.close();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aQueueBetweenAProducerChildAndTheParent() throws Exception {
        QueueProxy<Object> queue = manager.queue(2);
        Process producer = Children.start(() -> {
            for (int i = 0; i < 5; i++) {
                queue.put(i);
            }
            queue.put("done");
        });
        List<Object> got = new ArrayList<>();
        for (Object item = queue.get(LONG); !"done".equals(item); item = queue.get(LONG)) {
            got.add(item);
        }
        Children.finish(producer);
        assertEquals(List.of(0, 1, 2, 3, 4), got);
        assertThrows(Empty.class, queue::getNowait);
        assertThrows(Empty.class, () -> queue.get(Duration.ofMillis(50)));
        queue.put("a");
        queue.putNowait("b");
        assertTrue(queue.full());
        assertThrows(Full.class, () -> queue.putNowait("c"));
        assertThrows(Full.class, () -> queue.put("c", Duration.ofMillis(50)));
        assertEquals(2, queue.qsize());
        assertFalse(queue.empty());
        queue.close();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aJoinableQueueIsJoinedOnceAChildMarkedEveryTaskDone() throws Exception {
        QueueProxy<Integer> tasks = manager.joinableQueue();
        ListProxy<Integer> done = manager.list();
        for (int i = 0; i < 3; i++) {
            tasks.put(i);
        }
        Process worker = Children.start(() -> {
            for (int i = 0; i < 3; i++) {
                done.add(tasks.get() * 10);
                tasks.taskDone();
            }
        });
        tasks.join();
        assertEquals(List.of(0, 10, 20), done.getValue());
        Children.finish(worker);
        assertThrows(IllegalArgumentException.class, tasks::taskDone);
        tasks.close();
        done.close();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLockHeldByAChildIsHeldForTheParent() throws Exception {
        AcquirerProxy lock = manager.lock();
        EventProxy held = manager.event();
        EventProxy release = manager.event();
        Process child = Children.start(() -> {
            lock.acquire();
            held.set();
            release.await(LONG);
            lock.release();
        });
        assertTrue(held.await(LONG));
        assertFalse(lock.tryLock());
        assertFalse(lock.acquire(Duration.ofMillis(50)));
        release.set();
        assertTrue(lock.acquire(LONG));
        // A Lock is released by anyone, as Python's; releasing it twice is its RuntimeError.
        lock.unlock();
        assertThrows(IllegalStateException.class, lock::release);
        Children.finish(child);
        for (Proxy proxy : List.of(lock, held, release)) {
            proxy.close();
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anRLockIsReentrantAndOwnedAndSemaphoresCount() throws Exception {
        AcquirerProxy rlock = manager.rLock();
        rlock.acquire();
        rlock.acquire();
        Process other = Children.start(() -> {
            if (rlock.tryLock()) {
                throw new AssertionError("another process took a held RLock");
            }
            try {
                rlock.release();
                throw new AssertionError("another process released an RLock it does not own");
            } catch (IllegalStateException expected) {
                // Python's RuntimeError: cannot release un-acquired lock
            }
        });
        Children.finish(other);
        rlock.release();
        rlock.release();
        assertThrows(IllegalStateException.class, rlock::release);

        AcquirerProxy semaphore = manager.semaphore(2);
        assertTrue(semaphore.acquire(false));
        assertTrue(semaphore.acquire(false));
        assertFalse(semaphore.acquire(false));
        Children.finish(Children.start(semaphore::release));
        assertTrue(semaphore.acquire(Duration.ofSeconds(5)));

        AcquirerProxy bounded = manager.boundedSemaphore(1);
        assertThrows(IllegalArgumentException.class, bounded::release);
        for (Proxy proxy : List.of(rlock, semaphore, bounded)) {
            proxy.close();
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aConditionNotifiedByTheParentWakesAChild() throws Exception {
        AcquirerProxy lock = manager.lock();
        ConditionProxy condition = manager.condition(lock);
        ValueProxy<Integer> state = manager.value("i", 0);
        Process waiter = Children.start(() -> {
            condition.acquire();
            try {
                state.set(1);
                if (!condition.waitFor(() -> state.get() == 2, LONG)) {
                    throw new AssertionError("never notified");
                }
                state.set(3);
            } finally {
                condition.release();
            }
        });
        long deadline = System.nanoTime() + LONG.toNanos();
        while (state.get() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        condition.acquire();
        state.set(2);
        condition.signalAll();
        condition.release();
        Children.finish(waiter);
        assertEquals(3, state.get());
        assertThrows(IllegalStateException.class, () -> condition.signal(1));
        condition.acquire();
        assertFalse(condition.await(Duration.ofMillis(50)));
        condition.release();
        for (Proxy proxy : List.of(condition, lock, state)) {
            proxy.close();
        }
        assertEquals(MANAGER.objectsBefore(), manager.numberOfObjects());
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBarrierForTheParentAndAChildAndAnEventSetByAChild() throws Exception {
        BarrierProxy barrier = manager.barrier(2);
        EventProxy event = manager.event();
        assertEquals(2, barrier.getParties());
        Process child = Children.start(() -> {
            barrier.await(LONG);
            event.set();
        });
        int index = barrier.await(LONG);
        assertTrue(index == 0 || index == 1);
        assertTrue(event.await(LONG));
        assertTrue(event.isSet());
        event.clear();
        assertFalse(event.await(Duration.ofMillis(20)));
        Children.finish(child);
        assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(50)));
        assertTrue(barrier.isBroken());
        barrier.reset();
        assertFalse(barrier.isBroken());
        assertEquals(0, barrier.getNumberWaiting());
        barrier.close();
        event.close();
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPoolRunsInTheManagersProcess() throws Exception {
        PoolProxy pool = manager.pool(2);
        assertEquals(List.of(1, 4, 9), pool.map((Integer x) -> x * x, List.of(1, 2, 3)));
        assertEquals(42, (int) pool.apply(() -> 42));
        AsyncResultProxy<Integer> async = pool.applyAsync((Integer x) -> x + 1, 41);
        assertEquals(42, async.get(LONG));
        assertTrue(async.ready());
        assertTrue(async.successful());
        List<Integer> squares = new ArrayList<>();
        IteratorProxy<Integer> iterator = pool.imap((Integer x) -> x * x, List.of(4, 5));
        iterator.forEachRemaining(squares::add);
        iterator.close();
        assertEquals(List.of(16, 25), squares);
        assertEquals(List.of(3), pool.starmap((Integer a, Integer b) -> a + b,
                List.of(new AbstractMap.SimpleImmutableEntry<>(1, 2))));
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> pool.apply((Integer x) -> 1 / x, 0));
        assertTrue(failed.getCause() instanceof ArithmeticException, String.valueOf(failed.getCause()));
        async.close();
        pool.terminate();
        pool.close();
    }
}
