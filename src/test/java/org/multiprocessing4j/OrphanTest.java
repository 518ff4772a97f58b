package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.Handoff;
import org.multiprocessing4j.testing.ProcFs;
import org.multiprocessing4j.testing.Scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No orphans: a daemonic process ends with its parent, however the parent ends, and an exiting
 * process terminates its daemonic children and waits for the others.
 */
class OrphanTest {

    /** In a child: starts a daemonic grandchild that sleeps for ever, reports its pid, sleeps. */
    static void startDaemonicGrandchildAndSleep(String out) throws Exception {
        Process grandchild = new Process(() -> Thread.sleep(Long.MAX_VALUE), null, true);
        grandchild.start();
        Handoff.write(out, String.valueOf(grandchild.getPid()));
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * In a child: starts a daemonic grandchild that sleeps for ever and a non-daemonic one that
     * sleeps 0.7 s and then writes {@code out.done}; reports both pids and the time, and returns.
     */
    static void startGrandchildrenAndReturn(String out) {
        Process daemonic = new Process(() -> Thread.sleep(Long.MAX_VALUE), null, true);
        Process worker = new Process(() -> {
            Thread.sleep(700);
            Handoff.write(out + ".done", String.valueOf(System.currentTimeMillis()));
        }, null, false);
        daemonic.start();
        worker.start();
        Handoff.write(out, daemonic.getPid() + " " + worker.getPid() + " " + System.currentTimeMillis());
    }

    /** In a grandchild: reports that its parent is alive, waits for it to end, reports again. */
    static void watchParent(String out) throws Exception {
        Handoff.write(out + ".before", String.valueOf(Multiprocessing.parentProcess().isAlive()));
        Multiprocessing.parentProcess().join(Duration.ofSeconds(20));
        Handoff.write(out, String.valueOf(Multiprocessing.parentProcess().isAlive()));
    }

    /**
     * In a grandchild: waits on its parent's sentinel (reporting first whether it is the same
     * object each time and not ready yet), then reports whether the wait returned it and whether
     * the parent is alive.
     */
    static void watchParentSentinel(String out) throws Exception {
        Sentinel sentinel = Multiprocessing.parentProcess().getSentinel();
        boolean same = sentinel.equals(Multiprocessing.parentProcess().getSentinel());
        boolean readyEarly = !Multiprocessing.wait(List.of(sentinel), Duration.ZERO).isEmpty();
        Handoff.write(out + ".before", same + " " + readyEarly + " " + Multiprocessing.parentProcess().isAlive());
        List<Sentinel> ready = Multiprocessing.wait(List.of(sentinel), Duration.ofSeconds(20));
        Handoff.write(out, ready.contains(sentinel) + " " + Multiprocessing.parentProcess().isAlive());
    }

    /**
     * In a child: starts a non-daemonic grandchild that watches it (by join, or by waiting on
     * the parent's sentinel), reports its pid, sleeps.
     */
    static void startWatchingGrandchildAndSleep(String out, boolean bySentinel) throws Exception {
        Process grandchild = new Process(bySentinel ? () -> watchParentSentinel(out) : () -> watchParent(out), null, false);
        grandchild.start();
        Handoff.write(out + ".pid", String.valueOf(grandchild.getPid()));
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Kills what a failed test may have left: only processes that are still our child JVMs. */
    private static void killIfStillRunning(long... pids) {
        for (long pid : pids) {
            if (ProcFs.runsLibraryChild(pid)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    @Timeout(60)
    void aDaemonicGrandchildEndsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        String out = dir.resolve("grandchild").toString();
        Process p = new Process(() -> startDaemonicGrandchildAndSleep(out));
        p.start();
        long grandchild = 0;
        try {
            grandchild = Long.parseLong(Handoff.await(dir.resolve("grandchild"), Duration.ofSeconds(30)).trim());
            assertTrue(ProcFs.isRunning(grandchild), "the grandchild runs before its parent is killed");
            assertTrue(ProcFs.runsLibraryChild(grandchild), ProcFs.commandLine(grandchild));
            long killed = System.nanoTime();
            p.kill();
            assertTrue(ProcFs.awaitNotRunning(grandchild, 5_000),
                    "the daemonic grandchild " + grandchild + " still runs 5 s after its parent was killed");
            long millis = (System.nanoTime() - killed) / 1_000_000;
            // The promise is a tenth of a second; the rest is room for a busy two-core machine.
            assertTrue(millis < 1_500, "the daemonic grandchild took " + millis + " ms to notice its parent's death");
            p.join();
            assertEquals(-9, p.getExitCode());
        } finally {
            p.kill();
            p.join();
            p.close();
            killIfStillRunning(grandchild);
        }
    }

    @Test
    @Timeout(60)
    void anExitingChildTerminatesItsDaemonicChildrenAndJoinsTheOthers(@TempDir Path dir) throws Exception {
        String out = dir.resolve("grandchildren").toString();
        Process p = new Process(() -> startGrandchildrenAndReturn(out));
        p.start();
        long daemonic = 0;
        long worker = 0;
        try {
            p.join(Duration.ofSeconds(30));
            long joined = System.currentTimeMillis();
            assertEquals(0, p.getExitCode(), "the child did not end within 30 s (or failed)");
            String[] report = Handoff.read(dir.resolve("grandchildren")).trim().split(" ");
            daemonic = Long.parseLong(report[0]);
            worker = Long.parseLong(report[1]);
            long returned = Long.parseLong(report[2]);
            assertTrue(Files.exists(dir.resolve("grandchildren.done")),
                    "the child ended before its non-daemonic child had finished");
            assertTrue(joined - returned >= 500, "the child's exit took only " + (joined - returned)
                    + " ms although a non-daemonic child still slept 0.7 s");
            assertTrue(ProcFs.awaitNotRunning(daemonic, 2_000), "the daemonic grandchild still runs");
            assertTrue(ProcFs.awaitNotRunning(worker, 2_000), "the non-daemonic grandchild still runs");
        } finally {
            p.kill();
            p.join();
            p.close();
            killIfStillRunning(daemonic, worker);
        }
    }

    @Test
    @Timeout(60)
    void theMainProcessExitTerminatesDaemonicChildrenAndJoinsTheOthers(@TempDir Path dir) throws Exception {
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(45),
                "exit", dir.toString());
        String[] pids = result.stdout.trim().replace("pids ", "").split(" ");
        long daemonic = Long.parseLong(pids[0]);
        long worker = Long.parseLong(pids[1]);
        try {
            assertEquals(0, result.exitCode, result::toString);
            assertTrue(Files.exists(dir.resolve("done")), "the JVM exited before its non-daemonic child had finished");
            assertTrue(ProcFs.awaitNotRunning(daemonic, 2_000), "the daemonic child outlived the main process");
            assertTrue(ProcFs.awaitNotRunning(worker, 2_000), "the non-daemonic child still runs");
        } finally {
            killIfStillRunning(daemonic, worker);
        }
    }

    @Test
    @Timeout(60)
    void aNonDaemonicChildSeesItsParentDie(@TempDir Path dir) throws Exception {
        String[] reports = killTheParentOfAWatchingGrandchild(dir, false);
        assertEquals("true", reports[0], "parentProcess().isAlive() while the parent lived");
        assertEquals("false", reports[1], "parentProcess().isAlive() after the parent was killed");
    }

    @Test
    @Timeout(60)
    void theParentsSentinelIsReadyOnceTheParentIsKilled(@TempDir Path dir) throws Exception {
        String[] reports = killTheParentOfAWatchingGrandchild(dir, true);
        assertEquals("true false true", reports[0],
                "the same sentinel each time / ready while the parent lived / parent alive");
        assertEquals("true false", reports[1], "the wait returned the sentinel / parent alive after it was killed");
    }

    /**
     * Starts a child whose non-daemonic grandchild watches it, kills the child once the
     * grandchild reported its first look, and returns the grandchild's two reports.
     */
    private static String[] killTheParentOfAWatchingGrandchild(Path dir, boolean bySentinel) throws Exception {
        String out = dir.resolve("parent").toString();
        Process p = new Process(() -> startWatchingGrandchildAndSleep(out, bySentinel));
        p.start();
        long grandchild = 0;
        try {
            grandchild = Long.parseLong(Handoff.await(dir.resolve("parent.pid"), Duration.ofSeconds(30)).trim());
            String before = Handoff.await(dir.resolve("parent.before"), Duration.ofSeconds(30));
            Thread.sleep(200);
            assertTrue(Files.notExists(dir.resolve("parent")), "the grandchild's wait returned while its parent lived");
            p.kill();
            p.join();
            String after = Handoff.await(dir.resolve("parent"), Duration.ofSeconds(10));
            assertTrue(ProcFs.awaitNotRunning(grandchild, 5_000), "the grandchild did not finish");
            return new String[] {before, after};
        } finally {
            p.kill();
            p.join();
            p.close();
            killIfStillRunning(grandchild);
        }
    }
}
