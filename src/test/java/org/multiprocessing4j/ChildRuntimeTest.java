package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.Handoff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime a target finds in its child JVM, compared with CPython's child process. */
class ChildRuntimeTest {

    /** Starts a non-daemon thread that writes {@code out} after 0.5 s, and returns at once. */
    static void startNonDaemonThread(String out) {
        Thread worker = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            Handoff.write(out, "done");
        }, "worker");
        worker.setDaemon(false);
        worker.start();
    }

    @Test
    @Timeout(30)
    void aChildWaitsForItsNonDaemonThreadsBeforeItExits(@TempDir Path dir) throws Exception {
        // CPython 3.7+ joins non-daemonic threads when the child's run() returns (bpo-18966:
        // threading._shutdown() in BaseProcess._bootstrap); a JVM also lives on while a
        // non-daemon thread runs. The thread's work must not be cut off.
        String out = dir.resolve("thread-done").toString();
        Process p = new Process(() -> startNonDaemonThread(out));
        p.start();
        p.join();
        assertEquals(0, p.getExitCode());
        assertTrue(Files.exists(dir.resolve("thread-done")),
                "the child exited while a non-daemon thread of its target still ran");
        p.close();
    }

    @Test
    @Timeout(30)
    void standardInputOfAChildIsAtEndOfStream() throws Exception {
        // CPython's child replaces sys.stdin by /dev/null (util._close_stdin), so that reading it
        // gives end of file at once instead of blocking or stealing the parent's input.
        Process p = new Process(() -> System.exit(System.in.read() == -1 ? 0 : 1));
        p.start();
        try {
            p.join(Duration.ofSeconds(3));
            assertFalse(p.isAlive(), "System.in.read() in the child still blocks after 3 s");
            assertEquals(0, p.getExitCode(), "1: System.in of the child returned data");
        } finally {
            p.kill();
            p.join();
            p.close();
        }
    }

    @Test
    @Timeout(30)
    void aTargetWithoutTargetRunsNothingAndExitsWithZero() throws Exception {
        Process p = new Process();
        p.start();
        p.join();
        assertEquals(0, p.getExitCode());
        p.close();
    }

    @Test
    @Timeout(30)
    void aChildStartsInTheParentsWorkingDirectoryWithItsEnvironment(@TempDir Path dir) throws Exception {
        String out = dir.resolve("where").toString();
        Process p = new Process(() -> Handoff.write(out, Path.of("").toAbsolutePath() + "\n" + System.getenv("PATH")));
        p.start();
        p.join();
        assertEquals(0, p.getExitCode());
        assertEquals(Path.of("").toAbsolutePath() + "\n" + System.getenv("PATH"), Handoff.read(dir.resolve("where")));
        p.close();
    }

    @Test
    @Timeout(30)
    void aContextSystemPropertyIsSetInTheChild() throws Exception {
        Context context = Multiprocessing.context().withSystemProperty("mp4j.test.property", "from the parent");
        Process p = context.process(() -> System.exit("from the parent".equals(System.getProperty("mp4j.test.property")) ? 0 : 1));
        p.start();
        p.join();
        assertEquals(0, p.getExitCode(), "1: the child does not see the context's system property");
        p.close();
        assertEquals(null, System.getProperty("mp4j.test.property"), "the parent's own properties are untouched");
    }

    @Test
    @Timeout(30)
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "reads the child's arguments, which Windows does not tell")
    void aChildJvmGetsTheParentsHeapOptionsAndMinusXrs() throws Exception {
        java.util.List<String> heap = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx")).collect(java.util.stream.Collectors.toList());
        assertFalse(heap.isEmpty(), "Surefire's argLine gives this JVM an -Xmx");
        Process p = new Process(() -> Thread.sleep(Long.MAX_VALUE));
        p.start();
        try {
            java.util.List<String> command = java.util.List.of(
                    org.multiprocessing4j.testing.ProcFs.commandLine(p.getPid()).split(" "));
            assertTrue(command.containsAll(heap), command::toString);
            assertTrue(command.contains("-Xrs"), command::toString);
            assertTrue(org.multiprocessing4j.testing.ProcFs.isLibraryChildCommand(String.join(" ", command)), command::toString);
        } finally {
            p.kill();
            p.join();
            p.close();
        }
    }

    @Test
    @Timeout(60)
    void aTargetCapturingSixteenMegabytesArrivesIntact() throws Exception {
        byte[] data = new byte[16 << 20];
        new java.util.Random(42).nextBytes(data);
        long expected = java.util.Arrays.hashCode(data);
        Process p = new Process(() -> System.exit(java.util.Arrays.hashCode(data) == expected ? 0 : 1));
        p.start();
        p.join();
        assertEquals(0, p.getExitCode(), "1: the child received other bytes");
        p.close();
    }
}
