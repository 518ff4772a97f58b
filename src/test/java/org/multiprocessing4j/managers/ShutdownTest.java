package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.Handoff;
import org.multiprocessing4j.testing.ProcFs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A manager's end and its clients' deaths, each at the worst moment: clients blocked in
 * {@code get()} or {@code acquire()} when the manager shuts down or dies get a clear error at
 * once; a client killed while it waits, or while it holds a lock, costs the others nothing; a
 * manager whose starter is SIGKILLed does not outlive it.
 */
class ShutdownTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    /** What "at once" means on a loaded two-core machine. */
    private static final long PROMPT_MILLIS = 5_000;

    /** In a child: waits in {@code queue.get()} until the manager goes; exit code 7 for the error this project promises. */
    static void getUntilTheManagerGoes(QueueProxy<Object> queue, String report) {
        Handoff.write(report, "waiting");
        try {
            queue.get();
        } catch (ManagerConnectionException expected) {
            System.exit(7);
        }
        System.exit(1);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void clientsBlockedInGetAndAcquireGetAClearErrorWhenTheManagerShutsDown(@TempDir Path dir) throws Exception {
        SyncManager manager = Multiprocessing.manager();
        QueueProxy<Object> queue = manager.queue();
        AcquirerProxy lock = manager.lock();
        lock.acquire();
        String report = dir.resolve("waiting").toString();
        Process child = Children.start(() -> getUntilTheManagerGoes(queue, report));
        CompletableFuture<Object> getter = CompletableFuture.supplyAsync(queue::get);
        CompletableFuture<Object> acquirer = CompletableFuture.supplyAsync(() -> {
            lock.acquire();
            return "acquired";
        });
        Handoff.await(dir.resolve("waiting"), LONG);
        Thread.sleep(300);
        long shutdown = System.nanoTime();
        manager.shutdown();
        for (CompletableFuture<Object> blocked : java.util.List.of(getter, acquirer)) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> blocked.get(PROMPT_MILLIS, TimeUnit.MILLISECONDS));
            assertInstanceOf(ManagerConnectionException.class, failed.getCause());
        }
        assertTrue((System.nanoTime() - shutdown) / 1_000_000 < PROMPT_MILLIS);
        Children.finish(child, 7);
        assertEquals(0, manager.getProcess() == null ? 0 : manager.getProcess().getExitCode());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void afterShutdownEveryCallFailsAtOnceNotForEver() throws Exception {
        SyncManager manager = Multiprocessing.manager();
        ListProxy<Integer> list = manager.list();
        list.add(1);
        manager.shutdown();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            ManagerConnectionException e = assertThrows(ManagerConnectionException.class, list::size);
            assertTrue(e.getMessage().contains("shut down"), e.getMessage());
            assertTrue((System.nanoTime() - start) / 1_000_000 < PROMPT_MILLIS);
        }
        assertThrows(IllegalStateException.class, manager::list);
        assertThrows(org.multiprocessing4j.ProcessError.class, manager::start);
        list.close();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aManagerThatDiesGivesItsClientsAClearErrorAtOnce() throws Exception {
        SyncManager manager = Multiprocessing.manager();
        try {
            DictProxy<String, Integer> dict = manager.dict();
            dict.put("a", 1);
            manager.getProcess().kill();
            manager.join(LONG);
            // gh-88780: CPython's proxy fails with BrokenPipeError on every later call, for ever.
            ManagerConnectionException lost = assertThrows(ManagerConnectionException.class, () -> dict.get("a"));
            assertTrue(lost.getMessage().contains("lost the connection"), lost.getMessage());
            long start = System.nanoTime();
            ManagerConnectionException refused = assertThrows(ManagerConnectionException.class, () -> dict.get("a"));
            assertTrue(refused.getMessage().contains("cannot connect"), refused.getMessage());
            assertTrue((System.nanoTime() - start) / 1_000_000 < PROMPT_MILLIS);
            dict.close();
        } finally {
            manager.shutdown();
        }
        assertEquals(-9, manager.getProcess().getExitCode());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aClientBlockedInGetWhenTheManagerIsKilledGetsAClearErrorAtOnce() throws Exception {
        SyncManager manager = Multiprocessing.manager();
        try {
            QueueProxy<Object> queue = manager.queue();
            CompletableFuture<Object> getter = CompletableFuture.supplyAsync(queue::get);
            Thread.sleep(500);
            long killed = System.nanoTime();
            manager.getProcess().kill();
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> getter.get(PROMPT_MILLIS, TimeUnit.MILLISECONDS));
            assertInstanceOf(ManagerConnectionException.class, failed.getCause());
            assertTrue((System.nanoTime() - killed) / 1_000_000 < PROMPT_MILLIS);
            queue.close();
        } finally {
            manager.shutdown();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aManagerProcessThatDiesBeforeServingFailsStartAtOnce() {
        SyncManager manager = new SyncManager();
        long start = System.nanoTime();
        org.multiprocessing4j.ProcessError error = assertThrows(org.multiprocessing4j.ProcessError.class,
                () -> manager.start(() -> Runtime.getRuntime().halt(3)));
        assertTrue(error.getMessage().contains("exit code 3"), error.getMessage());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 30_000);
        assertTrue(!manager.isStarted());
    }

    /**
     * In a child: waits in {@code queue.get()} after saying so; killed there. (A client that
     * dies while its reply is being written may lose that item, as CPython's does: "delivered"
     * is "written to the socket". One that died before loses nothing.)
     */
    static void waitInGet(QueueProxy<Object> queue, String report) {
        Handoff.write(report, "waiting");
        queue.get();
        System.exit(1);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aClientKilledInGetLosesNothingForTheOthers(@TempDir Path dir) throws Exception {
        try (SyncManager manager = Multiprocessing.manager()) {
            QueueProxy<Object> queue = manager.queue();
            for (int round = 0; round < 2; round++) {
                String report = dir.resolve("waiting-" + round).toString();
                Process child = Children.start(() -> waitInGet(queue, report));
                Handoff.await(Path.of(report), LONG);
                Thread.sleep(200);
                child.kill();
                child.join(LONG);
                if (round == 1) {
                    // Give the manager time to see the death first; in round 0 the item races it.
                    Thread.sleep(1_000);
                }
                queue.put("item " + round);
                assertEquals("item " + round, queue.get(LONG));
                assertEquals(0, queue.qsize());
                Children.finish(child, -9);
            }
            queue.close();
        }
    }

    /** In a child: takes the lock, says so, and sleeps until killed. */
    static void holdLockForEver(AcquirerProxy lock, String report) throws InterruptedException {
        lock.acquire();
        Handoff.write(report, "held");
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aClientKilledHoldingALockHasItReleased(@TempDir Path dir) throws Exception {
        try (SyncManager manager = Multiprocessing.manager()) {
            for (AcquirerProxy lock : java.util.List.of(manager.lock(), manager.rLock(), manager.semaphore(1))) {
                String report = dir.resolve("held-" + lock.getToken().getId()).toString();
                Process child = Children.start(() -> holdLockForEver(lock, report));
                Handoff.await(Path.of(report), LONG);
                assertTrue(!lock.tryLock(), "the child holds it");
                child.kill();
                long start = System.nanoTime();
                assertTrue(lock.acquire(LONG), "never released for the killed child");
                assertTrue((System.nanoTime() - start) / 1_000_000 < PROMPT_MILLIS);
                lock.release();
                Children.finish(child, -9);
                lock.close();
            }
        }
    }

    /** In a child: starts a manager, reports its process's pid, sleeps until killed. */
    static void startManagerAndSleep(String report) throws Exception {
        SyncManager manager = Multiprocessing.manager();
        manager.list().add(1);
        Handoff.write(report, String.valueOf(manager.getProcess().getPid()));
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aManagerWhoseStarterIsKilledDoesNotOutliveIt(@TempDir Path dir) throws Exception {
        String report = dir.resolve("manager").toString();
        Process starter = Children.start(() -> startManagerAndSleep(report));
        long manager = 0;
        try {
            manager = Long.parseLong(Handoff.await(dir.resolve("manager"), Duration.ofSeconds(60)).trim());
            assertTrue(ProcFs.isRunning(manager));
            long killed = System.nanoTime();
            starter.kill();
            assertTrue(ProcFs.awaitNotRunning(manager, 10_000), "the manager " + manager + " outlived its starter");
            long millis = (System.nanoTime() - killed) / 1_000_000;
            assertTrue(millis < PROMPT_MILLIS, "the manager took " + millis + " ms to end");
            Children.finish(starter, -9);
        } finally {
            if (manager != 0 && ProcFs.isRunning(manager)) {
                ProcessHandle.of(manager).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
