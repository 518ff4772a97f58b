package org.multiprocessing4j.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.multiprocessing4j.NativeChild;
import org.multiprocessing4j.internal.platform.Platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leak check itself: it must see what a careless test leaves behind. Its descriptor and
 * /dev/shm checks exist on Linux only, and so do their tests.
 */
class LeakCheckTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "LeakCheck reads descriptors in /proc, on Linux only")
    void aLeakedPipeIsReportedWithItsDescriptorNumbers() throws Exception {
        LeakCheck.Snapshot before = LeakCheck.snapshot();
        long[] pipe = Platform.descriptors().pipe();
        try {
            List<String> fresh = LeakCheck.newDescriptors(before, Duration.ZERO);
            assertEquals(2, fresh.size(), fresh::toString);
            assertTrue(fresh.stream().anyMatch(d -> d.startsWith(pipe[0] + " -> pipe:[")), fresh::toString);
            assertTrue(fresh.stream().anyMatch(d -> d.startsWith(pipe[1] + " -> pipe:[")), fresh::toString);
            AssertionError error = assertThrows(AssertionError.class,
                    () -> LeakCheck.verify(before, Duration.ZERO, Duration.ofMillis(200)));
            assertTrue(error.getMessage().contains(pipe[0] + " -> pipe:["), error::getMessage);
        } finally {
            Platform.descriptors().close(pipe[0]);
            Platform.descriptors().close(pipe[1]);
        }
        assertEquals(List.of(), LeakCheck.newDescriptors(before, Duration.ZERO));
        LeakCheck.verify(before, Duration.ZERO, Duration.ZERO);
    }

    @Test
    @Timeout(30)
    void aLeftoverChildIsReportedAndKilledAndItsPidfdIsReported() throws Exception {
        LeakCheck.Snapshot before = LeakCheck.snapshot();
        List<String> command = Programs.sleep(60);
        try (NativeChild child = NativeChild.builder(command).start()) {
            AssertionError error = assertThrows(AssertionError.class,
                    () -> LeakCheck.verify(before, Duration.ofMillis(200), Duration.ofMillis(200)));
            assertTrue(error.getMessage().contains("pid " + child.pid() + ":")
                    || error.getMessage().contains("pid " + child.pid() + " "), error::getMessage);
            // The command line (macOS: the program by its full path; Windows: the program only,
            // without arguments), as much of it as LeakCheck shows.
            String shown = ProcFs.ARGUMENTS_KNOWN ? String.join(" ", command)
                    : java.nio.file.Path.of(command.get(0)).getFileName().toString();
            assertTrue(error.getMessage().contains(shown.substring(0, Math.min(shown.length(), 100))), error::getMessage);
            if (ProcFs.LINUX) {
                assertTrue(error.getMessage().contains(child.sentinel().handle() + " -> anon_inode:[pidfd]")
                        || error.getMessage().contains(child.sentinel().handle() + " -> pipe:["), error::getMessage);
            }
            // verify() killed it, so that the following tests start clean (destroyForcibly:
            // SIGKILL on POSIX, TerminateProcess with exit code 1 on Windows).
            assertEquals(ProcFs.WINDOWS ? 1 : -9, child.waitFor(Duration.ofSeconds(10)));
        }
        assertEquals(List.of(), LeakCheck.leftoverChildren(before, Duration.ZERO));
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "LeakCheck watches /dev/shm, which only Linux has")
    void aNewSharedMemoryEntryIsReported() throws Exception {
        LeakCheck.Snapshot before = LeakCheck.snapshot();
        Path entry = Path.of("/dev/shm", "mp4j-leakcheck-test-" + ProcessHandle.current().pid());
        Files.createFile(entry);
        try {
            assertEquals(List.of(entry.getFileName().toString()), LeakCheck.newShmEntries(before));
        } finally {
            Files.delete(entry);
        }
        assertFalse(LeakCheck.newShmEntries(before).contains(entry.getFileName().toString()));
    }

    @Test
    @Timeout(30)
    @EnabledOnOs(value = OS.LINUX, disabledReason = "only /proc shows a zombie among a process's children")
    void aZombieChildNobodyReapedIsReported() throws Exception {
        LeakCheck.Snapshot before = LeakCheck.snapshot();
        // A child this JVM never waits for: neither ProcessBuilder nor the library's reaper owns it.
        int[] pid = new int[1];
        assertEquals(0, Spawn.C.posix_spawnp(pid, "true", null, null, new String[] {"true"}, new String[0]));
        try {
            // A grace it waits out (the zombie stays), kept short: how long it is changes nothing.
            List<LeakCheck.Child> leftover = LeakCheck.leftoverChildren(before, Duration.ofMillis(500));
            for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline
                    && !leftover.toString().contains("a zombie nobody reaped"); ) {
                Thread.sleep(20);
                leftover = LeakCheck.leftoverChildren(before, Duration.ZERO);
            }
            assertEquals(1, leftover.size(), leftover::toString);
            assertEquals(pid[0], leftover.get(0).pid());
            assertTrue(leftover.toString().contains("(state Z, a zombie nobody reaped)"), leftover::toString);
        } finally {
            Spawn.C.waitpid(pid[0], new int[1], 0);
        }
        assertEquals(List.of(), LeakCheck.leftoverChildren(before, Duration.ZERO));
    }

    /** libc's spawn and wait, called directly: the child must escape every reaper of this JVM. */
    interface Spawn extends com.sun.jna.Library {
        Spawn C = com.sun.jna.Native.load("c", Spawn.class);

        int posix_spawnp(int[] pid, String file, com.sun.jna.Pointer fileActions, com.sun.jna.Pointer attributes,
                         String[] argv, String[] envp);

        int waitpid(int pid, int[] status, int options);
    }
}
