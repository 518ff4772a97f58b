package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.Handoff;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names, authentication keys, currentProcess(), parentProcess(), activeChildren(), cpuCount()
 * and contexts, seen from the test JVM and from real children (which report through files).
 */
class ProcessIdentityTest {
    private static final Duration FILE_WAIT = Duration.ofSeconds(20);

    static void sleepForever() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }

    /** In a child: starts a grandchild that reports how it sees itself, then reports its names. */
    static void startGrandchild(String out) throws Exception {
        Process grandchild = new Process(() -> Handoff.write(out + ".grandchild",
                Multiprocessing.currentProcess().getName() + "\n" + Multiprocessing.parentProcess().getName() + "\n"
                        + Multiprocessing.parentProcess().getPid()));
        Process second = new Process(() -> { });
        grandchild.start();
        grandchild.join();
        Handoff.write(out, grandchild.getName() + "\n" + second.getName() + "\n" + grandchild.getExitCode());
        grandchild.close();
    }

    /** In a child: how it sees itself and its parent. */
    static void describeSelf(String out) {
        Process self = Multiprocessing.currentProcess();
        Process parent = Multiprocessing.parentProcess();
        Handoff.write(out, String.join("\n",
                self.getName(),
                String.valueOf(self.getPid()),
                String.valueOf(ProcessHandle.current().pid()),
                String.valueOf(self.isAlive()),
                String.valueOf(self.isDaemon()),
                parent == null ? "null" : parent.getName(),
                parent == null ? "null" : String.valueOf(parent.getPid()),
                parent == null ? "null" : String.valueOf(parent.isAlive())));
    }

    /** A subclass that overrides run(), as Python's Process subclasses do. */
    static final class Worker extends Process {
        private static final long serialVersionUID = 1L;
        private final String out;

        Worker(String out) {
            this.out = out;
        }

        @Override
        public void run() {
            Handoff.write(out, "run by " + Multiprocessing.currentProcess().getName());
        }
    }

    private static List<String> lines(Path file) throws Exception {
        return List.of(Handoff.await(file, FILE_WAIT).split("\n"));
    }

    // ----- names

    @Test
    @Timeout(60)
    void aGrandchildIsNamedAfterItsParentColonItsNumber(@TempDir Path dir) throws Exception {
        String out = dir.resolve("names").toString();
        Process p = new Process(() -> startGrandchild(out));
        p.start();
        p.join();
        assertEquals(0, p.getExitCode());
        String n = p.getName();
        assertEquals(List.of(n + ":1", n + ":2", "0"), lines(dir.resolve("names")));
        assertEquals(List.of(n + ":1", n, String.valueOf(p.getPid())), lines(dir.resolve("names.grandchild")));
        p.close();
    }

    @Test
    @Timeout(30)
    void setNameBeforeStartIsTheNameTheChildSees(@TempDir Path dir) throws Exception {
        String out = dir.resolve("self").toString();
        Process p = new Process(() -> describeSelf(out));
        p.setName("renamed worker");
        p.start();
        p.join();
        assertEquals("renamed worker", lines(dir.resolve("self")).get(0));
        assertEquals("renamed worker", p.getName());
        p.close();
    }

    @Test
    @Timeout(30)
    void aSubclassRunsItsOwnRunAndIsNamedAfterItsClass(@TempDir Path dir) throws Exception {
        Worker w = new Worker(dir.resolve("worker").toString());
        assertTrue(w.getName().matches("Worker-\\d+"), w.getName());
        assertEquals("<Worker(" + w.getName() + ", initial)>", w.toString());
        w.start();
        w.join();
        assertEquals(0, w.getExitCode());
        assertEquals("run by " + w.getName(), Handoff.read(dir.resolve("worker")));
        w.close();
    }

    // ----- authentication keys

    @Test
    void theMainProcessHasA32ByteRandomAuthKeyThatNewProcessesInherit() {
        byte[] key = Multiprocessing.currentProcess().getAuthKey();
        assertEquals(32, key.length);
        assertFalse(Arrays.equals(new byte[32], key), "all zero");
        assertArrayEquals(key, Multiprocessing.currentProcess().getAuthKey(), "stable");
        key[0] ^= 1;
        assertFalse(Arrays.equals(key, Multiprocessing.currentProcess().getAuthKey()), "getAuthKey() must return a copy");
        assertArrayEquals(Multiprocessing.currentProcess().getAuthKey(), new Process(() -> { }).getAuthKey());
    }

    @Test
    @Timeout(30)
    void aChildInheritsTheAuthKey() throws Exception {
        byte[] expected = Multiprocessing.currentProcess().getAuthKey();
        Process p = new Process(() -> System.exit(Arrays.equals(expected, Multiprocessing.currentProcess().getAuthKey()) ? 0 : 1));
        p.start();
        p.join();
        assertEquals(0, p.getExitCode(), "1: the child's authkey differs from its parent's");
        p.close();
    }

    @Test
    @Timeout(30)
    void setAuthKeyBeforeStartIsTheKeyTheChildAndItsChildrenHave() throws Exception {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        Process p = new Process(() -> {
            if (!Arrays.equals(key, Multiprocessing.currentProcess().getAuthKey())) {
                System.exit(1);
            }
            if (!Arrays.equals(key, new Process(() -> { }).getAuthKey())) {
                System.exit(2);
            }
        });
        p.setAuthKey(key);
        assertArrayEquals(key, p.getAuthKey());
        assertFalse(Arrays.equals(key, Multiprocessing.currentProcess().getAuthKey()), "the parent's key is unchanged");
        p.start();
        p.join();
        assertEquals(0, p.getExitCode(), "1: the child has another key; 2: a process it creates does not inherit it");
        p.close();
    }

    // ----- currentProcess, parentProcess, activeChildren, cpuCount

    @Test
    void inTheMainProcessCurrentProcessIsMainProcessAndThereIsNoParent() {
        Process main = Multiprocessing.currentProcess();
        assertEquals("MainProcess", main.getName());
        assertSame(main, Multiprocessing.currentProcess());
        assertEquals(ProcessHandle.current().pid(), main.getPid());
        assertTrue(main.isAlive());
        assertFalse(main.isDaemon());
        assertEquals("<Process(MainProcess, started)>", main.toString());
        assertNull(Multiprocessing.parentProcess());
    }

    @Test
    @Timeout(30)
    void inAChildCurrentProcessIsTheChildAndParentProcessIsTheParent(@TempDir Path dir) throws Exception {
        String out = dir.resolve("self").toString();
        Process p = new Process(() -> describeSelf(out));
        p.start();
        p.join();
        assertEquals(0, p.getExitCode());
        List<String> seen = lines(dir.resolve("self"));
        assertEquals(List.of(
                p.getName(),
                String.valueOf(p.getPid()),
                String.valueOf(p.getPid()),
                "true",
                "false",
                "MainProcess",
                String.valueOf(ProcessHandle.current().pid()),
                "true"), seen, "name, getPid(), real pid, isAlive, isDaemon, parent name, parent pid, parent alive");
        p.close();
    }

    @Test
    @Timeout(30)
    void activeChildrenListsRunningChildrenOnly() throws Exception {
        Process running = new Process(ProcessIdentityTest::sleepForever);
        Process ended = new Process(() -> { });
        Process initial = new Process(() -> { });
        running.start();
        ended.start();
        ended.join();
        List<Process> active = Multiprocessing.activeChildren();
        assertTrue(active.contains(running), active::toString);
        assertFalse(active.contains(ended), active::toString);
        assertFalse(active.contains(initial), active::toString);
        running.terminate();
        running.join();
        assertFalse(Multiprocessing.activeChildren().contains(running));
        running.close();
        ended.close();
    }

    @Test
    @Timeout(30)
    void activeChildrenForgetsAChildThatEndedWithoutBeingJoined() throws Exception {
        Process p = new Process(() -> { });
        p.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Multiprocessing.activeChildren().contains(p)) {
            assertTrue(System.nanoTime() < deadline, "a child that ended is still listed as active after 10 s");
            Thread.sleep(20);
        }
        assertEquals(0, p.getExitCode());
        p.close();
    }

    @Test
    void cpuCountIsPositive() {
        assertTrue(Multiprocessing.cpuCount() >= 1);
        assertEquals(Runtime.getRuntime().availableProcessors(), Multiprocessing.cpuCount());
    }

    // ----- contexts

    @Test
    void theOnlyStartMethodIsSpawn() {
        assertEquals("spawn", Multiprocessing.context().getStartMethod());
        assertEquals("spawn", Multiprocessing.context("spawn").getStartMethod());
        IllegalArgumentException fork = assertThrows(IllegalArgumentException.class, () -> Multiprocessing.context("fork"));
        assertTrue(fork.getMessage().contains("fork"), fork.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.context("forkserver"));
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.context("no-such-method"));
    }

    @Test
    @Timeout(30)
    void aProcessMadeByAContextRuns() throws Exception {
        Process p = Multiprocessing.context("spawn").process(() -> System.exit(9), "from-context");
        assertEquals("from-context", p.getName());
        p.start();
        p.join();
        assertEquals(9, p.getExitCode());
        assertNotEquals(null, p.getPid());
        p.close();
    }
}
