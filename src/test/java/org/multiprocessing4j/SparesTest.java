package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.sync.Event;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.internal.spawn.Spares;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.ProcFs;
import org.multiprocessing4j.testing.Scenarios;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spare JVMs (started ahead of time) must never change what a user sees of start(). */
class SparesTest {

    @Test
    @Timeout(120)
    void moreSparesAreKeptWhileStartsComeFasterThanTheyBootAndFewerOnceIdle(@TempDir Path dir) throws Exception {
        FreshJvm.Result result = scenario(dir, "spares-adapt", "-Dmultiprocessing4j.spareShrinkSeconds=1");
        List<String> lines = result.stdout.lines().toList();
        assertTrue(lines.contains("burst 2"), "six starts back to back did not make two spares wanted: " + result);
        assertTrue(lines.contains("idle 1 1"), "four idle seconds did not bring the spares back to one: " + result);
    }

    @Test
    @Timeout(120)
    void startsBackToBackKeepFindingSparesOnceTheyBootAtOnce(@TempDir Path dir) throws Exception {
        FreshJvm.Result result = scenario(dir, "spares-stream");
        String line = result.stdout.lines().filter(l -> l.startsWith("direct ")).findFirst().orElse("none");
        // Before, spares went back to waiting for a free processor at the first one found ready,
        // and every fourth start booted a JVM of its own (three of twelve).
        assertTrue(line.equals("direct 0") || line.equals("direct 1"), "back-to-back starts missed their spares: " + result);
    }

    @Test
    @Timeout(120)
    void twoChildrenStartedAtOnceAfterOneGivenDescriptorsBothFindASpare(@TempDir Path dir) throws Exception {
        FreshJvm.Result result = scenario(dir, "spares-for-a-pair");
        List<String> lines = result.stdout.lines().toList();
        assertTrue(lines.contains("ready 2"), "one child given a pipe was not followed by two spares: " + result);
        assertTrue(lines.contains("in spares 2"), "a child of the pair booted a JVM of its own: " + result);
        assertEquals(2, lines.stream().filter("exitcode=0"::equals).count(), result::toString);
    }

    /**
     * Runs {@code name} of {@link Scenarios} in a fresh JVM with at most two spares and
     * {@code options}, and checks that it ended with 0 and wrote nothing on standard error.
     */
    private static FreshJvm.Result scenario(Path dir, String name, String... options) throws Exception {
        List<String> jvmOptions = new java.util.ArrayList<>(List.of("-Xmx128m", "-Dmultiprocessing4j.spares=2"));
        jvmOptions.addAll(List.of(options));
        FreshJvm.Result result = FreshJvm.run(dir, jvmOptions, Scenarios.class, Duration.ofSeconds(100), name);
        assertEquals(0, result.exitCode, result::toString);
        assertEquals("", result.stderr, result::toString);
        return result;
    }

    @Test
    @Timeout(120)
    @EnabledOnOs(OS.LINUX)
    void aSpareWaitsForAFreeProcessorAndBootsAnywayOnceItsWaitIsOver(@TempDir Path dir) throws Exception {
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m", "-Dmultiprocessing4j.spareBootWaitMillis=2000"),
                Scenarios.class, Duration.ofSeconds(100), "spares-wait-for-room");
        assertEquals(0, result.exitCode, result::toString);
        assertTrue(result.stdout.lines().anyMatch(line -> line.startsWith("held ")),
                "a spare booted while every processor was busy, before its wait was over: " + result);
        assertEquals("", result.stderr, result::toString);
    }

    /** Starts and joins a child, after which spares boot, and waits until some are idle. */
    private static Set<Long> startOneAndAwaitSpares() throws InterruptedException {
        Process warm = new Process(() -> { });
        warm.start();
        warm.join();
        warm.close();
        return awaitSpares();
    }

    private static Set<Long> awaitSpares() throws InterruptedException {
        return awaitSpares(Spares::pids);
    }

    /** Waits at most 20 s until {@code spares} (idle ones, or booted ones) names some. */
    private static Set<Long> awaitSpares(java.util.function.Supplier<Set<Long>> spares) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Set<Long> found = spares.get();
        while (found.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no spare JVM 20 s after a start");
            Thread.sleep(20);
            found = spares.get();
        }
        return found;
    }

    private static boolean awaitReaped(long pid, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (ProcessHandle.of(pid).isPresent()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    @Timeout(60)
    @EnabledOnOs(OS.LINUX)
    void aSpareWarmedUpForLocksExercisesTheirWordsAndHoldsNothingOfItsWarmUp() throws Exception {
        // A child holding a lock makes the next spares decode an entry holding shared memory
        // around copies of its descriptors while they wait: they must close them all. Spares
        // already idle may have booted before any child was given a lock: they are left out.
        Set<Long> earlier = Spares.pids();
        try (Lock lock = new Lock()) {
            Process holder = new Process(() -> lock.release(), "holder", false);
            lock.acquire();
            holder.start();
            holder.join();
            assertEquals(0, holder.getExitCode());
            assertFalse(lock.isLocked(), "the child did not release the lock it was given");
            holder.close();
        }
        Set<Long> booted = awaitSpares(() -> {
            Set<Long> later = new java.util.HashSet<>(Spares.bootedPids());
            later.removeAll(earlier);
            return later;
        });
        for (long pid : booted) {
            java.util.Map<Integer, String> open = ProcFs.descriptors(Long.toString(pid));
            assertTrue(open.values().stream().noneMatch(target -> target.contains("memfd:")),
                    "spare " + pid + " keeps shared memory open: " + open);
            assertTrue(ProcFs.commandLine(pid).contains("--resources"),
                    "a spare after a child given a lock is not warmed up for resources, which exercises the lock words: "
                            + ProcFs.commandLine(pid));
            // It prepares the serialized forms of that child's entry: the lock's, never the
            // test's own classes (the target's lambda was captured here).
            String classes = java.util.Arrays.stream(ProcFs.commandLine(pid).split(" "))
                    .filter(a -> a.startsWith("--classes=")).findFirst().orElse("");
            assertTrue(classes.contains("org.multiprocessing4j.sync.Handed"),
                    "a spare after a child given a lock does not prepare the lock's serialized form: " + classes);
            assertFalse(classes.contains(SparesTest.class.getName()), "a spare prepares a user's class: " + classes);
        }
        // The exercise starts after a second unused and ends: its thread is gone by then.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (long pid : booted) {
            while (ProcFs.threadNames(pid).contains("mp4j-spare-wor")) {
                assertTrue(System.nanoTime() < deadline, "spare " + pid + " still exercises its words after 20 s");
                Thread.sleep(50);
            }
        }
    }

    @Test
    @Timeout(60)
    void startWorksWhenTheIdleSparesDied() throws Exception {
        Set<Long> spares = startOneAndAwaitSpares();
        for (long pid : spares) {
            // ChildMain by name, or on JDK 22+ the launcher jar that names it: its spare flag either way.
            assertTrue(ProcFs.runsCommandContaining(pid, " --spare"), ProcFs.commandLine(pid));
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (long pid : spares) {
            // Gone, not merely a zombie leader: the threads of a killed JVM outlive its main
            // thread for a moment, and with them its end of the boot pipe.
            assertTrue(awaitReaped(pid, 5_000), "spare " + pid + " was not reaped");
        }
        Process p = new Process(() -> System.exit(7));
        p.start();
        p.join();
        assertEquals(7, p.getExitCode(), "a start handed to a dead spare must fall back to a new JVM");
        assertTrue(!spares.contains(p.getPid()));
        p.close();
    }

    @Test
    @Timeout(60)
    void aChildRunBySpareHasItsOwnNameAuthKeyAndDaemonFlag() throws Exception {
        Set<Long> spares = startOneAndAwaitSpares();
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 3);
        Process p = new Process(() -> System.exit(
                Multiprocessing.currentProcess().getName().equals("spare-run")
                        && java.util.Arrays.equals(key, Multiprocessing.currentProcess().getAuthKey())
                        && Multiprocessing.currentProcess().isDaemon() ? 0 : 1), "spare-run", true);
        p.setAuthKey(key);
        p.start();
        assertTrue(spares.contains(p.getPid()), "the child ran in a fresh JVM although spares were idle: " + spares);
        p.join();
        assertEquals(0, p.getExitCode(), "1: the spare ran the child with another name, key or daemon flag");
        p.close();
    }

    @Test
    @Timeout(60)
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aChildHoldingAConnectionAndALockRunsInASpareThatReceivesThem() throws Exception {
        Set<Long> spares = startOneAndAwaitSpares();
        Connection[] pipe = Pipe.open();
        Connection parentEnd = pipe[0];
        Connection childEnd = pipe[1];
        Lock lock = new Lock();
        lock.acquire();
        Process p = new Process(() -> {
            // Blocks until the parent releases: the same lock, not a copy.
            lock.acquire();
            childEnd.send("got it");
            lock.release();
        });
        p.start();
        childEnd.close();
        assertTrue(spares.contains(p.getPid()), "descriptors kept the child out of the idle spares " + spares);
        assertFalse(parentEnd.poll(Duration.ofMillis(300)), "the child took a lock the parent holds");
        lock.release();
        assertEquals("got it", parentEnd.recv());
        p.join();
        assertEquals(0, p.getExitCode());
        assertFalse(lock.isLocked());
        parentEnd.close();
        p.close();
    }

    private static List<Thread> threadsNamed(Set<String> names) {
        return Threads.all().stream().filter(t -> names.contains(t.getName())).toList();
    }

    @Test
    @Timeout(90)
    void anInterruptEndsTheSparesThreadAndTheIdleSparesReapersAndStartsStillWork() throws Exception {
        // What exec:java does after main, and a container to an application it ends: interrupt
        // the program's threads, then join them.
        Set<Long> spares = startOneAndAwaitSpares();
        Set<String> names = new java.util.HashSet<>(Set.of(Threads.PREFIX + "spares"));
        spares.forEach(pid -> names.add(Threads.PREFIX + "reaper-" + pid));
        List<Thread> threads = threadsNamed(names);
        assertEquals(names.size(), threads.size(), "not all of " + names + " run: " + threads);
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            thread.join(10_000);
            assertFalse(thread.isAlive(), thread.getName() + " outlived its interrupt by 10 s");
        }
        assertEquals(Set.of(), Spares.pids());
        for (long pid : spares) {
            assertTrue(awaitReaped(pid, 5_000), "the idle spare " + pid + " still runs");
        }
        // A start after that works, and spares come back with a new thread.
        Set<Long> again = startOneAndAwaitSpares();
        assertFalse(again.isEmpty());
        assertEquals(1, threadsNamed(Set.of(Threads.PREFIX + "spares")).size());
    }

    @Test
    @Timeout(90)
    void anInterruptedReaperOfARunningChildStillGivesJoinItsExitCode() throws Exception {
        Event go = new Event();
        Process child = new Process(() -> {
            if (!go.await(Duration.ofSeconds(30))) {
                System.exit(3);
            }
            System.exit(7);
        });
        child.start();
        String name = Threads.PREFIX + "reaper-" + child.getPid();
        List<Thread> reaper = threadsNamed(Set.of(name));
        assertEquals(1, reaper.size(), name);
        reaper.get(0).interrupt();
        // It keeps waiting: leaving would lose the exit code join() waits for.
        reaper.get(0).join(200);
        assertTrue(reaper.get(0).isAlive(), "the reaper of a running child left on an interrupt");
        assertTrue(child.isAlive());
        go.set();
        child.join(Duration.ofSeconds(30));
        assertEquals(7, child.getExitCode());
        reaper.get(0).join(5_000);
        assertFalse(reaper.get(0).isAlive());
        child.close();
        go.close();
    }
}
