package org.multiprocessing4j.internal.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.ProcFs;
import org.multiprocessing4j.testing.Programs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Children started by the running system, with what they inherit, how they end and how that is seen. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessesTest {
    private final Processes processes = Platform.processes();
    private final Descriptors descriptors = Platform.descriptors();

    @Test
    void aChildReadsItsStandardInputAndExitsWithWhatItRead() throws Exception {
        long[] pipe = descriptors.pipe();
        try (ChildProcess child = ChildProcess.builder(Programs.exitWithNumberRead()).stdin(pipe[0]).start()) {
            descriptors.close(pipe[0]);
            pipe[0] = -1;
            DescriptorIo.write(pipe[1], "7\n");
            assertEquals(7, child.waitFor());
            assertFalse(processes.isRunning(child.pid()), "an ended and reaped child does not run");
        } finally {
            DescriptorIo.closeAll(pipe);
        }
    }

    @Test
    void aProcessWhoseNameIsNotUtf8IsSeenRunningWithItsStartTime(@TempDir Path dir) throws Exception {
        assumeTrue(ProcFs.LINUX, "a process's name in /proc/PID/stat is Linux's");
        // The name a process gets is its program file's: a link whose name holds the byte 0xff,
        // which no UTF-8 decoding accepts. A lock holder so named must not read as dead.
        java.lang.Process sleeper = new ProcessBuilder("/bin/sh", "-c",
                "cd \"$1\" && name=$(printf 'sl\\377p') && ln -s \"$(command -v sleep)\" \"$name\" && exec \"./$name\" 30",
                "sh", dir.toString()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "stat"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("(sh)") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "stat"), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(stat.contains("(sl\u00ffp)"), "the sleeper did not take its odd name: " + stat);
            long start = processes.startTime(sleeper.pid());
            assertTrue(start > 0, "no start time read for " + stat);
            assertTrue(processes.isRunning(sleeper.pid(), start));
            assertTrue(processes.isRunning(sleeper.pid()));
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor();
        }
    }

    @Test
    void aThreadsIdIsNotARunningProcessThoughProcAnswersForIt() throws Exception {
        assumeTrue(ProcFs.LINUX, "threads take their ids from the pids' numbers on Linux");
        long self = ProcessHandle.current().pid();
        long thread;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            thread = tasks.map(p -> Long.parseLong(p.getFileName().toString())).filter(id -> id != self).findFirst().orElseThrow();
        }
        assertTrue(Files.exists(Path.of("/proc", Long.toString(thread), "stat")), "/proc answers for thread " + thread);
        // A lock word holding a dead holder's pid, reused since as a thread's id, must read as dead.
        assertFalse(processes.isRunning(thread), "thread " + thread + " of " + self + " taken for a process");
        assertFalse(processes.isRunning(thread, 0));
        assertTrue(processes.isRunning(self));
        assertTrue(processes.isRunning(self, 0));
    }

    @Test
    void theSystemsIdleProcessorTimeGrowsByNoMoreThanItsProcessorsCouldIdle() throws Exception {
        long before = processes.idleProcessorNanos();
        long start = System.nanoTime();
        Thread.sleep(300);
        long after = processes.idleProcessorNanos();
        long wall = System.nanoTime() - start;
        assertTrue(before > 0, "no idle time read: " + before);
        int processors = Runtime.getRuntime().availableProcessors();
        long tick = 10_000_000L;
        // The system counts every processor it has; a container may be given fewer of them.
        long most = Math.max(processors, ProcFs.systemProcessors()) * (wall + tick);
        assertTrue(after >= before && after - before <= most, (after - before) + " ns idle in " + wall + " ns");
    }

    @Test
    void inheritedDescriptorsAreThreeFourAndSoOnInAPosixChild() throws Exception {
        assumeFalse(ProcFs.WINDOWS, "Windows hands handles down with their values");
        long[] first = descriptors.pipe();
        long[] second = descriptors.pipe();
        List<String> command = List.of("/bin/sh", "-c", "echo three >&3; echo four >&4");
        try {
            try (ChildProcess child = ChildProcess.builder(command).inherit(first[1]).inherit(second[1]).start()) {
                assertArrayEquals(new long[] {3, 4}, child.inheritedInChild());
                assertEquals(0, child.waitFor());
            }
            descriptors.close(first[1]);
            first[1] = -1;
            assertEquals("three\n", DescriptorIo.readText(first[0], "three\n"));
            assertEquals("four\n", DescriptorIo.readText(second[0], "four\n"));
            assertEquals(-1, DescriptorIo.readOne(first[0]), "the child's copy is gone with the child");
        } finally {
            DescriptorIo.closeAll(first);
            DescriptorIo.closeAll(second);
        }
    }

    @Test
    void aTerminatedChildEndsWithMinusFifteenAndItsSentinelBecomesReady() throws Exception {
        try (ChildProcess child = ChildProcess.builder(Programs.sleep(30)).start()) {
            assertTrue(processes.isRunning(child.pid()));
            assertArrayEquals(new int[0], descriptors.waitReady(new long[] {child.sentinel()}, 0));
            child.terminate();
            assertArrayEquals(new int[] {0}, descriptors.waitReady(new long[] {child.sentinel()}, 20_000));
            assertEquals(-ChildControl.SIGTERM, child.waitFor(Duration.ofSeconds(20)));
            assertEquals("SIGTERM", processes.signalName(-child.exitCode()));
        }
    }

    @Test
    void aMissingProgramFailsAtTheStartWithTheSystemsReason() {
        IOException e = assertThrows(IOException.class,
                () -> ChildProcess.builder(List.of("mp4j-no-such-program-" + ProcessHandle.current().pid())).start().close());
        assertTrue(e.getMessage().startsWith("cannot start mp4j-no-such-program-"), e.getMessage());
    }

    @Test
    void anExitHandleBecomesReadyWhenItsProcessEnds() throws Exception {
        try (ChildProcess child = ChildProcess.builder(Programs.sleep(30)).start()) {
            long handle;
            try {
                handle = processes.exitHandle(child.pid());
            } catch (UnsupportedOperationException cannotWatch) {
                // macOS, Linux before 5.3: nothing more to see.
                child.kill();
                child.waitFor();
                return;
            }
            try {
                assertArrayEquals(new int[0], descriptors.waitReady(new long[] {handle}, 0));
                child.kill();
                assertArrayEquals(new int[] {0}, descriptors.waitReady(new long[] {handle}, 20_000));
                assertEquals(-ChildControl.SIGKILL, child.waitFor());
            } finally {
                descriptors.close(handle);
            }
        }
    }

    @Test
    void signalsHaveTheirNamesAndOtherNumbersNone() {
        assertEquals("SIGINT", processes.signalName(2));
        assertEquals("SIGKILL", processes.signalName(9));
        assertEquals("SIGTERM", processes.signalName(15));
        assertNull(processes.signalName(0));
        assertNull(processes.signalName(-1));
        assertNull(processes.signalName(1000));
    }

    @Test
    void thisProcessRunsAndItsLauncherIsThere() {
        assertTrue(processes.isRunning(ProcessHandle.current().pid()));
        assertTrue(Files.isRegularFile(Path.of(System.getProperty("java.home"), "bin", processes.javaLauncherName())));
    }
}
