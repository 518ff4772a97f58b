package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.multiprocessing4j.testing.ProcFs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What may be called when: start, join, close and the state getters, against real child JVMs. */
class ProcessLifecycleTest {

    static void sleepForever() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Exit 0 if joining the current process throws as it must, 5 if it returns, 6 on another error. */
    static void joinSelf() {
        try {
            Multiprocessing.currentProcess().join(Duration.ofSeconds(5));
        } catch (IllegalStateException expected) {
            return;
        } catch (Throwable other) {
            System.exit(6);
        }
        System.exit(5);
    }

    /**
     * Run in a daemonic child: 0 if a process it creates inherits the daemon flag and cannot be
     * started; 5 if start() worked, 6 if the flag was not inherited, 7 on another error.
     */
    static void daemonTriesToStartAChild() throws InterruptedException {
        Process grandchild = new Process(() -> { });
        if (!grandchild.isDaemon()) {
            System.exit(6);
        }
        try {
            grandchild.start();
        } catch (IllegalStateException expected) {
            if (expected.getMessage().contains("daemonic processes are not allowed to have children")) {
                return;
            }
            System.exit(7);
        } catch (Throwable other) {
            System.exit(7);
        }
        grandchild.join();
        System.exit(5);
    }

    private static Process startedSleeper() {
        Process p = new Process(ProcessLifecycleTest::sleepForever);
        p.start();
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.kill();
        p.join();
        p.close();
    }

    @Test
    @Timeout(30)
    void startingTwiceThrows() throws Exception {
        Process p = new Process(() -> { });
        p.start();
        IllegalStateException e = assertThrows(IllegalStateException.class, p::start);
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        p.join();
        assertThrows(IllegalStateException.class, p::start);
        assertEquals(0, p.getExitCode());
        p.close();
    }

    @Test
    void joiningBeforeStartThrows() {
        Process p = new Process(() -> { });
        assertThrows(IllegalStateException.class, p::join);
        assertThrows(IllegalStateException.class, () -> p.join(Duration.ofMillis(10)));
        assertThrows(IllegalStateException.class, p::getSentinel);
    }

    @Test
    @Timeout(30)
    void aProcessCannotJoinItself() throws Exception {
        Process p = new Process(ProcessLifecycleTest::joinSelf);
        p.start();
        p.join();
        assertEquals(0, p.getExitCode(), "5: join() on currentProcess() returned; 6: it threw something else");
        p.close();
    }

    @Test
    void theMainProcessCannotJoinItself() {
        assertThrows(IllegalStateException.class, () -> Multiprocessing.currentProcess().join(Duration.ofMillis(10)));
    }

    @Test
    @Timeout(30)
    void setDaemonAfterStartThrows() throws Exception {
        Process p = startedSleeper();
        try {
            assertThrows(IllegalStateException.class, () -> p.setDaemon(true));
            assertFalse(p.isDaemon());
        } finally {
            stop(p);
        }
    }

    @Test
    @Timeout(30)
    void aDaemonicProcessMayNotStartChildren() throws Exception {
        Process p = new Process(ProcessLifecycleTest::daemonTriesToStartAChild, null, true);
        p.start();
        p.join();
        assertEquals(0, p.getExitCode(),
                "5: a daemonic child started a child; 6: the daemon flag was not inherited; 7: another error");
        p.close();
    }

    @Test
    @Timeout(30)
    void pidIsNullBeforeStartAndTheRealChildPidAfter() throws Exception {
        Process p = new Process(ProcessLifecycleTest::sleepForever);
        assertNull(p.getPid());
        p.start();
        try {
            Long pid = p.getPid();
            assertNotNull(pid);
            assertTrue(ProcFs.isRunning(pid), "no running process " + pid);
            // On Windows, where arguments cannot be read: a java launcher.
            assertTrue(ProcFs.runsLibraryChild(pid), ProcFs.commandLine(pid));
            assertEquals(ProcessHandle.current().pid(), ProcessHandle.of(pid).orElseThrow().parent().orElseThrow().pid());
            p.terminate();
            p.join();
            assertEquals(pid, p.getPid(), "the pid stays known after the end");
            assertFalse(ProcFs.isRunning(pid));
        } finally {
            stop(p);
        }
    }

    @Test
    @Timeout(30)
    void exitCodeAndIsAliveFollowTheChild() throws Exception {
        Process p = new Process(ProcessLifecycleTest::sleepForever);
        assertFalse(p.isAlive());
        assertNull(p.getExitCode());
        p.start();
        try {
            assertTrue(p.isAlive());
            assertNull(p.getExitCode());
            Thread.sleep(200);
            assertTrue(p.isAlive());
            assertNull(p.getExitCode());
            p.terminate();
            p.join();
            assertFalse(p.isAlive());
            assertEquals(-15, p.getExitCode());
        } finally {
            stop(p);
        }
    }

    @Test
    @Timeout(30)
    void joinWithATimeoutReturnsWhileTheChildStillRuns() throws Exception {
        Process p = startedSleeper();
        try {
            long start = System.nanoTime();
            p.join(Duration.ofMillis(300));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 250, "join(300 ms) returned after " + elapsedMillis + " ms");
            assertTrue(p.isAlive());
            assertNull(p.getExitCode());
            p.join(Duration.ZERO);
            assertTrue(p.isAlive());
        } finally {
            stop(p);
        }
    }

    @Test
    @Timeout(30)
    void aProcessCanBeJoinedManyTimes() throws Exception {
        Process p = new Process(() -> System.exit(2));
        p.start();
        p.join();
        p.join();
        p.join(Duration.ofMillis(1));
        p.join(Duration.ZERO);
        assertEquals(2, p.getExitCode());
        p.close();
    }

    @Test
    @Timeout(30)
    void closeWhileRunningThrowsAndWorksAfterJoin() throws Exception {
        Process p = startedSleeper();
        IllegalStateException e = assertThrows(IllegalStateException.class, p::close);
        assertTrue(e.getMessage().contains("still running"), e.getMessage());
        assertTrue(p.isAlive(), "a refused close() must leave the process usable");
        p.terminate();
        p.join();
        p.close();
        p.close();
        assertEquals("<Process(" + p.getName() + ", closed)>", p.toString());
    }

    @Test
    @Timeout(30)
    void aClosedProcessRefusesItsMethods() throws Exception {
        Process p = new Process(() -> { });
        p.start();
        p.join();
        p.close();
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("start", p::start);
        calls.put("join", p::join);
        calls.put("join(Duration)", () -> p.join(Duration.ofMillis(1)));
        calls.put("isAlive", p::isAlive);
        calls.put("getExitCode", p::getExitCode);
        calls.put("getSentinel", p::getSentinel);
        calls.put("terminate", p::terminate);
        calls.put("kill", p::kill);
        for (Map.Entry<String, Executable> call : calls.entrySet()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call.getValue(), call.getKey());
            assertEquals("process object is closed", e.getMessage(), call.getKey());
        }
        assertEquals(p.getName(), p.getName(), "the name stays readable, as in CPython");
    }

    @Test
    @Timeout(30)
    void getPidOfAClosedProcessThrowsAsInCPython() throws Exception {
        // CPython: Process.pid (ident) calls _check_closed() and raises ValueError after close().
        Process p = new Process(() -> { });
        p.start();
        p.join();
        p.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, p::getPid);
        assertEquals("process object is closed", e.getMessage());
    }

    @Test
    void anUnstartedProcessCanBeClosedAndThenNotStarted() {
        Process p = new Process(() -> { });
        p.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, p::start);
        assertEquals("process object is closed", e.getMessage());
    }

    @Test
    @Timeout(60)
    void processesStartedFromSeveralThreadsAtOnceAllRun() throws Exception {
        int count = 4;
        Process[] processes = new Process[count];
        for (int i = 0; i < count; i++) {
            int code = 10 + i;
            processes[i] = new Process(() -> System.exit(code));
        }
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            java.util.List<java.util.concurrent.Future<?>> started = new java.util.ArrayList<>();
            for (Process p : processes) {
                started.add(pool.submit(() -> {
                    go.await();
                    p.start();
                    p.join();
                    return null;
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<?> f : started) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < count; i++) {
            assertEquals(10 + i, processes[i].getExitCode(), processes[i].getName());
            processes[i].close();
        }
        assertEquals(count, java.util.Arrays.stream(processes).map(Process::getName).distinct().count());
    }

    @Test
    @Timeout(30)
    void anInterruptedJoinThrowsInterruptedException() throws Exception {
        Process p = startedSleeper();
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread joiner = new Thread(() -> {
            try {
                p.join();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "joiner");
        try {
            joiner.start();
            Thread.sleep(300);
            joiner.interrupt();
            joiner.join(5_000);
            assertFalse(joiner.isAlive(), "join() still blocks after Thread.interrupt()");
            assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
            assertTrue(p.isAlive(), "an interrupted join() leaves the child running");
        } finally {
            stop(p);
        }
    }
}
