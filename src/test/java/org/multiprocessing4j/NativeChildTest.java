package org.multiprocessing4j;

import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.multiprocessing4j.testing.ProcFs;
import org.multiprocessing4j.testing.Programs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform layer's child processes, with plain programs rather than JVMs ({@link Programs}:
 * sh and sleep on POSIX; on Windows cmd.exe, or a JVM where cmd.exe cannot do it).
 */
class NativeChildTest {

    @Test
    @Timeout(30)
    void theExitCodeOfAProgramIsReported() throws Exception {
        try (NativeChild child = NativeChild.builder(Programs.exit(7)).start()) {
            assertEquals(7, child.waitFor());
            assertEquals(7, child.exitCode());
            assertFalse(child.isAlive());
            assertEquals(7, child.onExit().get());
        }
    }

    @Test
    @Timeout(30)
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "a child killing itself by a signal: Windows has no signals")
    void aChildKilledBySignalReadsMinusTheSignal() throws Exception {
        try (NativeChild child = NativeChild.builder(List.of("/bin/sh", "-c", "kill -9 $$")).start()) {
            assertEquals(-9, child.waitFor());
        }
    }

    @Test
    @Timeout(30)
    void terminateAndKillEndAChildAndDoNothingAfterItsEnd() throws Exception {
        try (NativeChild child = NativeChild.builder(Programs.sleep(60)).start()) {
            assertTrue(child.isAlive());
            assertNull(child.exitCode());
            assertNull(child.waitFor(Duration.ofMillis(100)), "still running");
            child.terminate();
            assertEquals(-15, child.waitFor());
            child.kill();
            child.terminate();
            child.signal(9);
            assertEquals(-15, child.exitCode());
        }
        try (NativeChild child = NativeChild.builder(Programs.sleep(60)).start()) {
            child.kill();
            assertEquals(-9, child.waitFor());
        }
    }

    @Test
    @Timeout(30)
    void theChildHasItsOwnPidAndIsThisJvmsChild() throws Exception {
        List<String> command = Programs.sleep(60);
        try (NativeChild child = NativeChild.builder(command).start()) {
            assertTrue(ProcFs.isRunning(child.pid()));
            String commandLine = ProcFs.commandLine(child.pid());
            if (ProcFs.LINUX) {
                assertEquals(String.join(" ", command), commandLine);
            } else if (ProcFs.ARGUMENTS_KNOWN) {
                // macOS: ProcessHandle names the program by its full path.
                assertTrue(commandLine.endsWith(String.join(" ", command.subList(1, command.size()))), commandLine);
            }
            assertEquals(ProcessHandle.current().pid(),
                    ProcessHandle.of(child.pid()).orElseThrow().parent().orElseThrow().pid());
            child.kill();
            child.waitFor();
        }
    }

    @Test
    @Timeout(30)
    void aMissingProgramFailsStartWithAnIOExceptionNamingIt() {
        IOException absolute = assertThrows(IOException.class,
                () -> NativeChild.builder(List.of("/nonexistent/program-mp4j", "x")).start());
        assertTrue(absolute.getMessage().contains("/nonexistent/program-mp4j"), absolute.getMessage());
        IOException onPath = assertThrows(IOException.class,
                () -> NativeChild.builder(List.of("no-such-program-mp4j")).start());
        assertTrue(onPath.getMessage().contains("no-such-program-mp4j"), onPath.getMessage());
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NativeChild.builder(List.of()).start());
    }

    @Test
    @Timeout(30)
    void theSentinelBecomesReadyWhenTheChildEndsAndStaysReady() throws Exception {
        try (NativeChild child = NativeChild.builder(Programs.sleep(60)).start()) {
            List<Sentinel> sentinel = List.of(child.sentinel());
            assertEquals(List.of(), Multiprocessing.wait(sentinel, Duration.ZERO), "reported ready while the child runs");
            assertEquals(List.of(), Multiprocessing.wait(sentinel, Duration.ofMillis(100)), "reported ready while the child runs");
            child.terminate();
            assertEquals(sentinel, Multiprocessing.wait(sentinel, Duration.ofSeconds(10)));
            child.waitFor();
            assertEquals(sentinel, Multiprocessing.wait(sentinel, Duration.ZERO), "must stay ready after the reap");
        }
    }

    @Test
    @Timeout(30)
    void theSentinelOfAChildThatAlreadyEndedIsReady() throws Exception {
        try (NativeChild child = NativeChild.builder(Programs.exit(0)).start()) {
            assertEquals(0, child.waitFor());
            assertEquals(List.of(child.sentinel()), Multiprocessing.wait(List.of(child.sentinel()), Duration.ZERO));
        }
    }

    @Test
    @Timeout(30)
    void theChildGetsTheGivenStandardInput() throws Exception {
        Descriptors descriptors = Platform.descriptors();
        long[] pipe = descriptors.pipe();
        try {
            // The child exits with the number it reads on its standard input.
            try (NativeChild child = NativeChild.builder(Programs.exitWithNumberRead())
                    .stdin(pipe[0]).start()) {
                byte[] line = "42\n".getBytes();
                descriptors.write(pipe[1], line, 0, line.length);
                assertEquals(42, child.waitFor());
            }
        } finally {
            descriptors.close(pipe[0]);
            descriptors.close(pipe[1]);
        }
    }

    @Test
    @Timeout(30)
    void closeReleasesTheSentinelButTheChildIsStillReaped() throws Exception {
        // Whether the sentinel is still open is read in /proc, so on Linux only.
        NativeChild child = NativeChild.builder(Programs.sleepThenExit(200, 5)).start();
        String sentinelLink = ProcFs.descriptors("self").get((int) child.sentinel().handle());
        if (ProcFs.LINUX) {
            assertTrue(sentinelLink != null && ProcFs.isIpcTarget(sentinelLink), sentinelLink);
        }
        child.close();
        child.close();
        if (ProcFs.LINUX) {
            assertFalse(sentinelLink.equals(ProcFs.descriptors("self").get((int) child.sentinel().handle())), "sentinel still open");
        }
        assertEquals(5, child.waitFor());
    }

    @Test
    @Timeout(30)
    void aSignalAfterCloseNeverReachesAnotherProcess() throws Exception {
        // close() releases the sentinel (on Linux the pidfd that signals go through); a later
        // terminate() must still end this child, or refuse, but never hit whichever process now
        // owns a descriptor with the same number.
        NativeChild first = NativeChild.builder(Programs.sleep(60)).start();
        first.close();
        try (NativeChild second = NativeChild.builder(Programs.sleep(60)).start()) {
            try {
                try {
                    first.terminate();
                } catch (IllegalStateException refused) {
                    // Acceptable: a closed child may refuse signals.
                }
                assertNull(second.waitFor(Duration.ofMillis(300)),
                        "terminate() of a closed child (sentinel " + first.sentinel() + ") ended another child (sentinel "
                                + second.sentinel() + ")");
            } finally {
                second.kill();
                second.waitFor();
                ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
                first.waitFor();
            }
        }
    }

    @Test
    @Timeout(60)
    void onceTheSentinelIsReadyTheExitCodeIsKnown() throws Exception {
        // A ready sentinel means the child has ended: exitCode() and isAlive() must say so at
        // once, or a loop over Multiprocessing.wait() sees ended processes as running.
        for (int i = 0; i < 300; i++) {
            try (NativeChild child = NativeChild.builder(Programs.exit(3)).start()) {
                assertEquals(List.of(child.sentinel()), Multiprocessing.wait(List.of(child.sentinel()), Duration.ofSeconds(10)));
                Integer code = child.exitCode();
                boolean alive = child.isAlive();
                child.waitFor();
                assertEquals(3, code, "round " + i + ": exitCode() right after the sentinel became ready");
                assertFalse(alive, "round " + i + ": isAlive() right after the sentinel became ready");
            }
        }
    }
}
