package org.multiprocessing4j.pool;

import org.multiprocessing4j.function.SerializableCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.serialization.SerializationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ProcessPoolExecutor as an ExecutorService over worker processes. */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessPoolExecutorTest {

    static int fail(String message) {
        throw new IllegalStateException(message);
    }

    @Test
    void submitRunsTasksInWorkers() throws Exception {
        try (ProcessPoolExecutor executor = new ProcessPoolExecutor(2)) {
            Future<Long> pid = executor.submit((SerializableCallable<Long>) PoolTest::pid);
            assertTrue(executor.getWorkerPids().contains(pid.get()));
            assertEquals("done", executor.submit((Runnable & java.io.Serializable) () -> PoolTest.square(2), "done").get());
            assertNull(executor.submit((Runnable & java.io.Serializable) () -> PoolTest.square(2)).get());
            assertEquals(9, executor.submit((SerializableCallable<Integer>) () -> PoolTest.square(3))
                    .toCompletableFuture().thenApply(x -> x).join());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> executor.submit((SerializableCallable<Integer>) () -> fail("boom")).get());
            assertEquals("boom", assertInstanceOf(IllegalStateException.class, e.getCause()).getMessage());
        }
    }

    @Test
    void unserializableTaskFailsAlone() throws Exception {
        try (ProcessPoolExecutor executor = new ProcessPoolExecutor(1)) {
            Callable<Integer> plain = () -> 1;
            ExecutionException e = assertThrows(ExecutionException.class, () -> executor.submit(plain).get());
            assertInstanceOf(SerializationException.class, e.getCause());
            assertEquals(2, executor.submit((SerializableCallable<Integer>) () -> 2).get());
        }
    }

    @Test
    void invokeAllAndInvokeAny() throws Exception {
        try (ProcessPoolExecutor executor = new ProcessPoolExecutor(2)) {
            List<Callable<Integer>> tasks = List.of(
                    (SerializableCallable<Integer>) () -> PoolTest.square(2),
                    (SerializableCallable<Integer>) () -> fail("no"),
                    (SerializableCallable<Integer>) () -> PoolTest.square(4));
            List<Future<Integer>> futures = executor.invokeAll(tasks);
            assertEquals(4, futures.get(0).get());
            assertThrows(ExecutionException.class, () -> futures.get(1).get());
            assertEquals(16, futures.get(2).get());
            int any = executor.invokeAny(tasks);
            assertTrue(any == 4 || any == 16, Integer.toString(any));
            assertThrows(ExecutionException.class, () -> executor.invokeAny(List.of(
                    (SerializableCallable<Integer>) () -> fail("a"), (SerializableCallable<Integer>) () -> fail("b"))));
            int timedAny = executor.invokeAny(tasks, 60, TimeUnit.SECONDS);
            // Any task that succeeded: whichever worker answers first.
            assertTrue(timedAny == 4 || timedAny == 16, Integer.toString(timedAny));
        }
    }

    @Test
    void timedInvocationsGiveUp(@TempDir Path dir) throws Exception {
        String gate = dir.resolve("never").toString();
        try (ProcessPoolExecutor executor = new ProcessPoolExecutor(1)) {
            List<Callable<Integer>> slow = List.of((SerializableCallable<Integer>) () -> PoolTest.awaitFile(gate, 1));
            List<Future<Integer>> futures = executor.invokeAll(slow, 100, TimeUnit.MILLISECONDS);
            assertThrows(CancellationException.class, () -> futures.get(0).get());
            assertThrows(TimeoutException.class, () -> executor.invokeAny(slow, 100, TimeUnit.MILLISECONDS));
            Files.createFile(Path.of(gate));
        }
    }

    @Test
    void shutdownLetsSubmittedTasksFinish() throws Exception {
        ExecutorService executor = new ProcessPoolExecutor(2);
        Future<Integer> result = executor.submit((SerializableCallable<Integer>) () -> PoolTest.square(5));
        executor.shutdown();
        assertTrue(executor.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> executor.submit((SerializableCallable<Integer>) () -> 1));
        assertThrows(NullPointerException.class, () -> executor.submit((Callable<Integer>) null));
        assertTrue(executor.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(executor.isTerminated());
        assertEquals(25, result.get());
    }

    @Test
    void shutdownNowReturnsUnstartedTasks(@TempDir Path dir) throws Exception {
        String gate = dir.resolve("never").toString();
        ProcessPoolExecutor executor = new ProcessPoolExecutor(1);
        Future<Integer> running = executor.submit((SerializableCallable<Integer>) () -> PoolTest.awaitFile(gate, 1));
        Future<Integer> queued = executor.submit((SerializableCallable<Integer>) () -> 2);
        List<Runnable> unstarted = executor.shutdownNow();
        assertEquals(1, unstarted.size());
        assertTrue(executor.isTerminated());
        assertInstanceOf(ProcessError.class, assertThrows(ExecutionException.class, running::get).getCause());
        assertInstanceOf(ProcessError.class, assertThrows(ExecutionException.class, queued::get).getCause());
        assertFalse(queued.isCancelled());
        executor.close();
    }
}
