package org.multiprocessing4j.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.ProcessError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ThreadPool: the Pool API on threads, nothing serialized. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadPoolTest {
    private static final ThreadLocal<String> INITIALIZED = new ThreadLocal<>();

    @Test
    void applyMapStarmapOnThreads() throws Exception {
        try (ThreadPool pool = new ThreadPool(3)) {
            assertEquals(3, pool.getProcesses());
            assertTrue(pool.apply(() -> Thread.currentThread().getName()).startsWith("mp4j-thread-pool-"));
            assertEquals(PoolTest.range(100).stream().map(PoolTest::square).collect(Collectors.toList()),
                    pool.map(PoolTest::square, PoolTest.range(100)));
            assertEquals(List.of("aa", "b"), pool.starmap((Integer n, String s) -> s.repeat(n),
                    List.of(Map.entry(2, "a"), Map.entry(1, "b"))));
            Object local = new Object(); // not serializable: a thread pool passes it as it is
            assertSame(local, pool.apply(x -> x, local));
            assertEquals(List.of(ProcessHandle.current().pid(), ProcessHandle.current().pid(), ProcessHandle.current().pid()),
                    pool.getWorkerPids());
        }
    }

    @Test
    void errorsAndCallbacks() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        try (ThreadPool pool = new ThreadPool(2)) {
            IllegalStateException thrown = new IllegalStateException("x");
            AsyncResult<Integer> bad = pool.applyAsync(() -> {
                throw thrown;
            }, seen::add, seen::add);
            assertSame(thrown, assertThrows(ExecutionException.class, bad::get).getCause());
            assertEquals(List.of(thrown), seen);
            AsyncResult<List<Integer>> failingMap = pool.mapAsync(PoolTest::failOnThree, PoolTest.range(20), 1,
                    seen::add, seen::add, null);
            assertThrows(ExecutionException.class, failingMap::get);
            assertEquals(2, seen.size(), "the error callback runs once for a map");
        }
    }

    @Test
    void imapIsLazyAndProgressIsOrdered() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Integer> progress = new CopyOnWriteArrayList<>();
        try (ThreadPool pool = new ThreadPool(2)) {
            IMapIterator<Integer> results = pool.imap(x -> {
                if (x == 1) {
                    gate.await();
                }
                return x;
            }, List.of(0, 1, 2), 1, (done, total) -> progress.add(done));
            assertEquals(0, results.next());
            gate.countDown();
            assertEquals(1, results.next());
            assertEquals(2, results.next());
            assertEquals(List.of(1, 2, 3), progress);

            Set<Integer> unordered = new HashSet<>();
            pool.imapUnordered(PoolTest::square, PoolTest.range(30), 4, null).forEachRemaining(unordered::add);
            assertEquals(30, unordered.size());
            IMapIterator<Integer> failing = pool.imap(PoolTest::failOnThree, PoolTest.range(5));
            List<Object> out = new ArrayList<>();
            while (failing.hasNext()) {
                try {
                    out.add(failing.next());
                } catch (CompletionException e) {
                    out.add(e.getCause().getClass().getSimpleName());
                }
            }
            assertEquals(List.of(0, 1, 2, "IllegalArgumentException", 4), out);
        }
    }

    @Test
    void initializerRunsInEachThread() throws Exception {
        try (ThreadPool pool = new ThreadPool(2, () -> INITIALIZED.set("yes"))) {
            List<String> values = pool.map(x -> INITIALIZED.get(), PoolTest.range(10), 1);
            assertEquals(List.of("yes"), values.stream().distinct().collect(Collectors.toList()));
        }
    }

    @Test
    void terminateInterruptsRunningAndFailsQueued() throws Exception {
        ThreadPool pool = new ThreadPool(1);
        CountDownLatch started = new CountDownLatch(1);
        AsyncResult<Integer> running = pool.applyAsync(() -> {
            started.countDown();
            Thread.sleep(600_000);
            return 1;
        });
        AsyncResult<Integer> queued = pool.applyAsync(() -> 2);
        started.await();
        pool.terminate();
        assertInstanceOf(InterruptedException.class, assertThrows(ExecutionException.class, running::get).getCause());
        assertInstanceOf(ProcessError.class, assertThrows(ExecutionException.class, queued::get).getCause());
        pool.join();
        assertTrue(pool.isTerminated());
        assertThrows(IllegalStateException.class, () -> pool.apply(() -> 1));
    }

    @Test
    void closeLetsWorkFinish() throws Exception {
        ThreadPool pool = new ThreadPool(2);
        assertThrows(IllegalStateException.class, pool::join);
        AsyncResult<Integer> result = pool.applyAsync(() -> {
            Thread.sleep(50);
            return 7;
        });
        pool.close();
        assertTrue(result.ready());
        assertEquals(7, result.get());
        assertTrue(pool.awaitTermination(0, TimeUnit.SECONDS));
        assertTrue(pool.isTerminated());
    }
}
