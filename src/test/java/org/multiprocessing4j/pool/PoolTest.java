package org.multiprocessing4j.pool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pool over real worker processes: every method, callbacks, chunking, failures. */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PoolTest {
    /**
     * Two workers for the tests that neither kill, stop, configure nor count them: starting a
     * pool is most of such a test's time. Its first map runs here, so that the leak check of
     * the first test counts nothing the pool opens on first use.
     */
    private static Pool shared;

    @BeforeAll
    static void startSharedPool() throws Exception {
        shared = new Pool(2);
        assertEquals(List.of(0, 1, 4, 9), shared.map(PoolTest::square, range(4), 1));
    }

    @AfterAll
    static void closeSharedPool() {
        if (shared != null) {
            shared.close();
        }
    }

    static int square(int x) {
        return x * x;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static int failOnThree(int x) {
        if (x == 3) {
            throw new IllegalArgumentException("three is not allowed");
        }
        return x;
    }

    /** Waits until {@code file} exists (made by the test), then returns {@code value}. */
    static int awaitFile(String file, int value) throws InterruptedException {
        while (!Files.exists(Path.of(file))) {
            Thread.sleep(10);
        }
        return value;
    }

    /** Writes this worker's pid to {@code file}, then sleeps until killed. */
    static int announceAndHang(String file) throws IOException, InterruptedException {
        Files.writeString(Path.of(file + ".tmp"), Long.toString(pid()));
        Files.move(Path.of(file + ".tmp"), Path.of(file));
        Thread.sleep(600_000);
        return -1;
    }

    static long awaitPid(Path file) throws Exception {
        while (!Files.exists(file)) {
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(file));
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    static final class NotSerializable {
    }

    static final class UnserializableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final transient Object ok = null;
        private final NotSerializable payload = new NotSerializable();

        UnserializableFailure() {
            super("cannot travel");
        }
    }

    @Test
    void applyRunsInAWorker() throws Exception {
        try (Pool pool = new Pool(1)) {
            assertEquals(49, pool.apply(() -> square(7)));
            assertEquals(64, pool.apply(PoolTest::square, 8));
            long worker = pool.apply(PoolTest::pid);
            assertNotEquals(pid(), worker);
            assertEquals(List.of(worker), pool.getWorkerPids());
        }
    }

    @Test
    void applyAsyncRunsCallbackBeforeReady() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Pool pool = shared;
        AsyncResult<Integer> ok = pool.applyAsync(() -> square(5), seen::add, seen::add);
        assertEquals(25, ok.get(Duration.ofSeconds(60)));
        assertEquals(List.of(25), seen);
        assertTrue(ok.ready());
        assertTrue(ok.successful());

        AsyncResult<Integer> bad = pool.applyAsync(() -> failOnThree(3), seen::add, seen::add);
        assertTrue(bad.waitFor(Duration.ofSeconds(60)));
        assertFalse(bad.successful());
        assertEquals(2, seen.size());
        assertInstanceOf(IllegalArgumentException.class, seen.get(1));
        assertSame(seen.get(1), assertThrows(ExecutionException.class, bad::get).getCause());
        assertEquals(36, pool.applyAsync(() -> square(6)).toCompletableFuture().join());
    }

    @Test
    void successfulBeforeReadyIsAnError() throws Exception {
        try (Pool pool = new Pool(1)) {
            Path gate = Files.createTempFile("gate", "");
            Files.delete(gate);
            String file = gate.toString();
            AsyncResult<Integer> result = pool.applyAsync(() -> awaitFile(file, 1));
            assertFalse(result.ready());
            assertThrows(IllegalStateException.class, result::successful);
            assertThrows(TimeoutException.class, () -> result.get(Duration.ofMillis(10)));
            assertFalse(result.waitFor(Duration.ofMillis(10)));
            Files.createFile(gate);
            assertEquals(1, result.get());
            Files.delete(gate);
        }
    }

    @Test
    void taskExceptionCarriesWorkerStackTrace() throws Exception {
        try (Pool pool = new Pool(1)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.apply(PoolTest::failOnThree, 3));
            Throwable cause = e.getCause();
            assertInstanceOf(IllegalArgumentException.class, cause);
            assertEquals("three is not allowed", cause.getMessage());
            assertTrue(List.of(cause.getStackTrace()).stream().anyMatch(f -> f.getMethodName().equals("failOnThree")));
            assertTrue(List.of(cause.getStackTrace()).stream().anyMatch(f -> f.getClassName().equals(Worker.class.getName())),
                    "the trace is the worker's");

            ExecutionException odd = assertThrows(ExecutionException.class, () -> pool.apply(() -> {
                throw new UnserializableFailure();
            }));
            RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, odd.getCause());
            assertEquals(UnserializableFailure.class.getName(), remote.getRemoteClassName());
            assertTrue(remote.getMessage().contains("cannot travel"));
            assertEquals(9, pool.apply(() -> square(3)));
        }
    }

    @Test
    void workersAreLaunchedThroughTheContext() throws Exception {
        Context context = Multiprocessing.context().withSystemProperty("multiprocessing4j.test.pool", "from the context");
        try (Pool pool = new Pool(1, null, 0, context)) {
            assertEquals("from the context", pool.apply(() -> System.getProperty("multiprocessing4j.test.pool")));
        }
    }

    /** A worker keeps the stateless functions it was sent: each must still be told apart from the others. */
    @Test
    void functionsAreToldApartByWhatTheyCapture() throws Exception {
        try (Pool pool = new Pool(1)) {
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < FunctionSlots.SLOTS * 2 + 3; k++) {
                    int added = k;
                    assertEquals(k + 1, pool.<Integer, Integer>apply(x -> x + added, 1));
                    assertEquals(4, pool.apply(PoolTest::square, 2));
                }
            }
            int[] counter = {0};
            assertEquals(List.of(1, 1, 1), List.of(pool.<Integer, Integer>apply(x -> ++counter[0], 0),
                    pool.<Integer, Integer>apply(x -> ++counter[0], 0), pool.<Integer, Integer>apply(x -> ++counter[0], 0)),
                    "a function with state of its own starts each task from the caller's copy");
            int[] large = new int[FunctionSlots.MAX_KEPT_BYTES];
            large[large.length - 1] = 5;
            for (int i = 0; i < 3; i++) {
                large[0] = i;
                assertEquals(i + 5, pool.<Integer, Integer>apply(x -> x + large[0] + large[large.length - 1], 0));
            }
        }
    }

    @Test
    void mapKeepsOrderWithAnyChunksize() throws Exception {
        List<Integer> expected = range(100).stream().map(PoolTest::square).collect(Collectors.toList());
        Pool pool = shared;
        assertEquals(expected, pool.map(PoolTest::square, range(100)));
        assertEquals(expected, pool.map(PoolTest::square, range(100), 1));
        assertEquals(expected, pool.map(PoolTest::square, range(100), 7));
        assertEquals(expected, pool.map(PoolTest::square, range(100), 1000));
        assertEquals(List.of(), pool.map(PoolTest::square, List.<Integer>of()));
        assertEquals(expected, pool.mapAsync(PoolTest::square, range(100)).get());
    }

    @Test
    void defaultChunksizeFollowsCPython() throws Exception {
        Pool pool = shared;
        assertEquals(13, pool.defaultChunksize(100));
        assertEquals(1, pool.defaultChunksize(8));
        assertEquals(2, pool.defaultChunksize(16));
        assertEquals(1, pool.defaultChunksize(3));
        assertEquals(12500, pool.defaultChunksize(100_000));
    }

    @Test
    void mapFailsWithTheTaskErrorAndCallsErrorCallback() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Pool pool = shared;
        ExecutionException e = assertThrows(ExecutionException.class, () -> pool.map(PoolTest::failOnThree, range(10), 1));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        AsyncResult<List<Integer>> result = pool.mapAsync(PoolTest::failOnThree, range(10), 2, seen::add, seen::add, null);
        assertThrows(ExecutionException.class, result::get);
        assertEquals(1, seen.size());
        assertInstanceOf(IllegalArgumentException.class, seen.get(0));
        AsyncResult<List<Integer>> good = pool.mapAsync(PoolTest::square, range(4), 0, seen::add, seen::add, null);
        assertEquals(List.of(0, 1, 4, 9), good.get());
        assertEquals(List.of(0, 1, 4, 9), seen.get(1));
    }

    @Test
    void starmapAppliesPairs() throws Exception {
        List<Map.Entry<Integer, String>> pairs = List.of(Map.entry(2, "a"), Map.entry(3, "b"), Map.entry(1, "c"));
        Pool pool = shared;
        assertEquals(List.of("aa", "bbb", "c"), pool.starmap((Integer n, String s) -> s.repeat(n), pairs));
        assertEquals(List.of("aa", "bbb", "c"), pool.starmap((Integer n, String s) -> s.repeat(n), pairs, 1));
        assertEquals(List.of(5, 6, 4), pool.<Integer, String, Integer>starmapAsync((n, s) -> n + 3, pairs, 2, null, null).get());
    }

    @Test
    void imapYieldsEachResultAsItArrives(@TempDir Path dir) throws Exception {
        String gate = dir.resolve("gate").toString();
        Pool pool = shared;
        // item 1 finishes only after the test has received item 0: imap must not wait for it
        IMapIterator<Integer> results = pool.imap(x -> x == 1 ? awaitFile(gate, 10) : x, List.of(0, 1, 2));
        assertTrue(results.hasNext());
        assertEquals(0, results.next());
        assertThrows(TimeoutException.class, () -> results.next(Duration.ofMillis(50)));
        Files.createFile(Path.of(gate));
        assertEquals(10, results.next());
        assertEquals(2, results.next());
        assertFalse(results.hasNext());
    }

    @Test
    void imapUnorderedYieldsInOrderOfArrival(@TempDir Path dir) throws Exception {
        String gate = dir.resolve("gate").toString();
        Pool pool = shared;
        Iterator<Integer> results = pool.imapUnordered(x -> x == 0 ? awaitFile(gate, 100) : x, List.of(0, 1));
        assertEquals(1, results.next());
        Files.createFile(Path.of(gate));
        assertEquals(100, results.next());
        assertFalse(results.hasNext());
    }

    @Test
    void imapWithChunksYieldsAllAndFailsOnlyTheFailedChunk() throws Exception {
        Pool pool = shared;
        List<Integer> all = new ArrayList<>();
        pool.imap(PoolTest::square, range(50), 7, null).forEachRemaining(all::add);
        assertEquals(range(50).stream().map(PoolTest::square).collect(Collectors.toList()), all);

        Set<Integer> unordered = new HashSet<>();
        pool.imapUnordered(PoolTest::square, range(50), 4, null).forEachRemaining(unordered::add);
        assertEquals(50, unordered.size());

        IMapIterator<Integer> failing = pool.imap(PoolTest::failOnThree, range(6), 2, null);
        assertEquals(0, failing.next());
        assertEquals(1, failing.next());
        CompletionException e = assertThrows(CompletionException.class, failing::next);
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals(4, failing.next());
        assertEquals(5, failing.next());
        assertFalse(failing.hasNext());
        assertThrows(IllegalArgumentException.class, () -> pool.imap(PoolTest::square, range(3), 0, null));
    }

    @Test
    void progressReportsEveryChunk() throws Exception {
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        Pool pool = shared;
        pool.map(PoolTest::square, range(20), 3, (done, total) -> seen.add(new int[] {done, total}));
        assertEquals(7, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(20, seen.get(i)[1]);
            assertTrue(i == 0 || seen.get(i)[0] > seen.get(i - 1)[0]);
        }
        assertEquals(20, seen.get(seen.size() - 1)[0]);
        seen.clear();
        pool.imap(PoolTest::square, range(5), 2, (done, total) -> seen.add(new int[] {done, total}))
                .forEachRemaining(x -> { });
        assertEquals(5, seen.get(seen.size() - 1)[0]);
    }

    @Test
    void unserializableArgumentOrResultFailsThatTaskAlone() throws Exception {
        try (Pool pool = new Pool(1)) {
            List<Object> items = List.of(1, new NotSerializable(), 3);
            IMapIterator<Object> results = pool.imap(x -> x, items);
            assertEquals(1, results.next());
            CompletionException argument = assertThrows(CompletionException.class, results::next);
            assertInstanceOf(SerializationException.class, argument.getCause());
            assertTrue(argument.getCause().getMessage().contains(NotSerializable.class.getName()),
                    argument.getCause().getMessage());
            assertEquals(3, results.next());

            ExecutionException result = assertThrows(ExecutionException.class, () -> pool.apply(NotSerializable::new));
            assertInstanceOf(SerializationException.class, result.getCause());
            assertTrue(result.getCause().getMessage().contains("result"), result.getCause().getMessage());
            assertEquals(4, pool.apply(() -> square(2)));
        }
    }

    @Test
    void killedWorkerFailsItsTaskAndIsReplaced(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("pid");
        String file = marker.toString();
        try (Pool pool = new Pool(2)) {
            List<Long> before = pool.getWorkerPids();
            AsyncResult<List<Integer>> map = pool.mapAsync(x -> x == 5 ? announceAndHang(file) : square(x), range(20), 1,
                    null, null, null);
            long victim = awaitPid(marker);
            assertTrue(before.contains(victim));
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();

            ExecutionException e = assertThrows(ExecutionException.class, map::get);
            WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(victim, died.getPid());
            assertEquals(-9, died.getExitCode());
            assertTrue(died.getMessage().contains("pid " + victim) && died.getMessage().contains("-9"), died.getMessage());

            // the pool goes on with a new worker in place of the dead one
            assertEquals(range(30).stream().map(PoolTest::square).collect(Collectors.toList()),
                    pool.map(PoolTest::square, range(30)));
            List<Long> after = pool.getWorkerPids();
            assertEquals(2, after.size());
            assertFalse(after.contains(victim));
        }
    }

    @Test
    void killedWorkerInImapFailsOnlyItsItem(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("pid");
        String file = marker.toString();
        try (Pool pool = new Pool(2)) {
            IMapIterator<Integer> results = pool.imap(x -> x == 2 ? announceAndHang(file) : square(x), range(6));
            ProcessHandle.of(awaitPid(marker)).orElseThrow().destroyForcibly();
            assertEquals(0, results.next());
            assertEquals(1, results.next());
            CompletionException e = assertThrows(CompletionException.class, results::next);
            assertEquals(-9, assertInstanceOf(WorkerDiedException.class, e.getCause()).getExitCode());
            assertEquals(9, results.next());
            assertEquals(16, results.next());
            assertEquals(25, results.next());
        }
    }

    @Test
    void idleWorkerThatDiesIsReplaced() throws Exception {
        try (Pool pool = new Pool(1)) {
            long victim = pool.apply(PoolTest::pid);
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            while (pool.getWorkerPids().contains(victim)) {
                Thread.sleep(10);
            }
            long replacement = pool.apply(PoolTest::pid);
            assertNotEquals(victim, replacement);
            assertEquals(List.of(replacement), pool.getWorkerPids());
        }
    }

    @Test
    void systemExitInTaskFailsItWithTheExitCode() throws Exception {
        try (Pool pool = new Pool(1)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.apply(() -> {
                System.exit(3);
                return 0;
            }));
            assertEquals(3, assertInstanceOf(WorkerDiedException.class, e.getCause()).getExitCode());
            assertEquals(1, pool.apply(() -> square(1)));
        }
    }

    @Test
    void maxTasksPerChildReplacesWorkers() throws Exception {
        try (Pool pool = new Pool(1, null, 2)) {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pids.add(pool.apply(PoolTest::pid));
            }
            assertEquals(pids.get(0), pids.get(1));
            assertEquals(pids.get(2), pids.get(3));
            assertEquals(pids.get(4), pids.get(5));
            assertEquals(3, new HashSet<>(pids).size(), pids.toString());
            assertEquals(range(4), pool.map(x -> x, range(4), 1)); // a worker replaced within the map
        }
    }

    static final class Initialized implements Serializable {
        private static final long serialVersionUID = 1L;
        static String value;
    }

    @Test
    void initializerRunsOnceInEachWorker() throws Exception {
        try (Pool pool = new Pool(2, () -> Initialized.value = "ready:" + pid())) {
            List<String> seen = pool.map(x -> Initialized.value, range(20), 1);
            for (String value : seen) {
                assertTrue(value != null && value.startsWith("ready:"), value);
            }
            assertEquals("ready:" + pool.apply(PoolTest::pid), pool.apply(() -> Initialized.value));
        }
    }

    @Test
    void terminateFailsUnfinishedCallsAndStopsWorkers(@TempDir Path dir) throws Exception {
        String gate = dir.resolve("never").toString();
        Pool pool = new Pool(1);
        AsyncResult<Integer> running = pool.applyAsync(() -> awaitFile(gate, 1));
        AsyncResult<Integer> queued = pool.applyAsync(() -> square(2));
        List<Long> pids = pool.getWorkerPids();
        pool.terminate();
        assertInstanceOf(ProcessError.class, assertThrows(ExecutionException.class, running::get).getCause());
        assertInstanceOf(ProcessError.class, assertThrows(ExecutionException.class, queued::get).getCause());
        assertTrue(ProcessHandle.of(pids.get(0)).isEmpty() || !ProcessHandle.of(pids.get(0)).get().isAlive());
        pool.join();
        pool.terminate();
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.apply(() -> 1));
    }

    @Test
    void aMapTerminatedWhileItsChunksAreBeingSentFailsInsteadOfWaiting() throws Exception {
        SlowToSend.encoding = new CountDownLatch(2);
        Context context = Multiprocessing.context().withSerializer(
                Serializer.standard().allowing(SlowToSend.class));
        Pool pool = context.pool(1);
        List<SlowToSend> items = IntStream.range(0, 4).mapToObj(i -> new SlowToSend(100)).collect(Collectors.toList());
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<List<Object>> map = caller.submit(() -> pool.map(x -> x, items, 1));
            // The first chunk is with the worker, the second is being encoded.
            assertTrue(SlowToSend.encoding.await(30, TimeUnit.SECONDS));
            pool.terminate();
            ExecutionException thrown = assertThrows(ExecutionException.class, () -> map.get(30, TimeUnit.SECONDS));
            ExecutionException failed = assertInstanceOf(ExecutionException.class, thrown.getCause());
            assertInstanceOf(ProcessError.class, failed.getCause());
            assertThrows(IllegalStateException.class, () -> pool.apply(() -> 1));
        } finally {
            caller.shutdownNow();
            pool.join();
        }
    }

    @Test
    void aMapClosedWhileItsChunksAreBeingSentRunsThemAll(@TempDir Path dir) throws Exception {
        SlowToSend.encoding = new CountDownLatch(2);
        String ran = dir.resolve("ran").toString();
        Pool pool = Multiprocessing.context().withSerializer(Serializer.standard().allowing(SlowToSend.class)).pool(1);
        List<SlowToSend> items = List.of(new SlowToSend(0), new SlowToSend(3_000));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<List<Object>> map = caller.submit(() -> pool.map(x -> {
                Files.write(Path.of(ran), new byte[0]);
                return "ran";
            }, items, 1));
            assertTrue(SlowToSend.encoding.await(30, TimeUnit.SECONDS), "the second item is being encoded");
            // The worker ran the first chunk and is idle again: a close() finds nothing queued.
            awaitFile(ran, 0);
            Thread.sleep(500);
            pool.close();
            assertEquals(List.of("ran", "ran"), map.get(30, TimeUnit.SECONDS));
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the workers stop once the call is done");
        } finally {
            caller.shutdownNow();
            pool.terminate();
        }
    }

    /** An item whose serialization takes a while, and says when it starts. */
    static final class SlowToSend implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile CountDownLatch encoding;
        private final long millis;

        SlowToSend(long millis) {
            this.millis = millis;
        }

        private void writeObject(java.io.ObjectOutputStream out) throws IOException {
            encoding.countDown();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.defaultWriteObject();
        }
    }

    @Test
    void closeFinishesSubmittedWorkThenRefusesMore() throws Exception {
        Pool pool = new Pool(2);
        assertThrows(IllegalStateException.class, pool::join);
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            results.add(pool.applyAsync(() -> square(n)));
        }
        pool.close();
        for (int i = 0; i < 10; i++) {
            assertTrue(results.get(i).ready());
            assertEquals(i * i, results.get(i).get());
        }
        assertThrows(IllegalStateException.class, () -> pool.map(PoolTest::square, range(3)));
        pool.join();
        pool.close();
    }

    @Test
    void droppedPoolIsCleanedUp() throws Exception {
        List<Long> pids = startAndDrop();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pids.stream().anyMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))) {
            assertTrue(System.nanoTime() < deadline, "workers of a dropped pool still run");
            System.gc();
            Thread.sleep(50);
        }
    }

    private static List<Long> startAndDrop() throws Exception {
        Pool pool = new Pool(2);
        assertEquals(4, pool.apply(() -> square(2)));
        return pool.getWorkerPids();
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Pool(-1));
        assertThrows(IllegalArgumentException.class, () -> new Pool(1, null, -1));
    }
}
