package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.Scenarios;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes and the textual form of a process, against real child JVMs. */
class ProcessTest {

    static void sleepForever() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    @Timeout(30)
    void aTargetThatReturnsExitsWithZeroAndReadsStopped() throws Exception {
        Process p = new Process(() -> { });
        p.start();
        p.join();
        assertEquals(0, p.getExitCode());
        assertFalse(p.isAlive());
        assertEquals("<Process(" + p.getName() + ", stopped)>", p.toString());
        p.close();
    }

    @Test
    @Timeout(60)
    void aTargetThatThrowsExitsWithOneAndPrintsTheProcessNameAndStackTrace(@TempDir Path dir) throws Exception {
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(45), "throw");
        assertEquals(0, result.exitCode, result::toString);
        assertEquals("name=Process-1 exitcode=1", result.stdout.trim(), result::toString);
        String[] lines = result.stderr.split("\\R");
        int header = List.of(lines).indexOf("Process Process-1:");
        assertTrue(header >= 0, () -> "no line 'Process Process-1:' on the child's stderr:\n" + result.stderr);
        assertTrue(lines.length > header + 2, result::toString);
        assertEquals("java.io.IOException: boom from the target", lines[header + 1], result::toString);
        assertTrue(lines[header + 2].startsWith("\tat org.multiprocessing4j.testing.Scenarios.failWithCheckedException("),
                result::toString);
    }

    @Test
    @Timeout(30)
    void systemExitInTheTargetGivesThatExitCode() throws Exception {
        Process p = new Process(() -> System.exit(3));
        p.start();
        p.join();
        assertEquals(3, p.getExitCode());
        assertEquals("<Process(" + p.getName() + ", stopped[3])>", p.toString());
        p.close();
    }

    @Test
    @Timeout(30)
    void terminateEndsTheChildBySigterm() throws Exception {
        Process p = new Process(ProcessTest::sleepForever);
        assertEquals("<Process(" + p.getName() + ", initial)>", p.toString());
        p.start();
        assertEquals("<Process(" + p.getName() + ", started)>", p.toString());
        assertTrue(p.isAlive());
        p.terminate();
        p.join();
        assertEquals(-15, p.getExitCode());
        assertFalse(p.isAlive());
        assertEquals("<Process(" + p.getName() + ", stopped[SIGTERM])>", p.toString());
        p.close();
    }

    @Test
    @Timeout(30)
    void killEndsTheChildBySigkill() throws Exception {
        Process p = new Process(ProcessTest::sleepForever);
        p.start();
        p.kill();
        p.join();
        assertEquals(-9, p.getExitCode());
        assertEquals("<Process(" + p.getName() + ", stopped[SIGKILL])>", p.toString());
        p.close();
    }

    @Test
    @Timeout(30)
    void terminateAndKillOnAnEndedProcessDoNothing() throws Exception {
        Process p = new Process(() -> System.exit(4));
        p.start();
        p.join();
        p.terminate();
        p.kill();
        p.terminate();
        assertEquals(4, p.getExitCode());
        assertFalse(p.isAlive());
        p.close();
    }

    @Test
    @Timeout(30)
    void aDaemonShowsDaemonInItsTextualForm() throws Exception {
        Process p = Process.builder().target(ProcessTest::sleepForever).daemon(true).build();
        assertTrue(p.isDaemon());
        assertEquals("<Process(" + p.getName() + ", initial daemon)>", p.toString());
        p.start();
        assertEquals("<Process(" + p.getName() + ", started daemon)>", p.toString());
        p.terminate();
        p.join();
        assertEquals("<Process(" + p.getName() + ", stopped[SIGTERM] daemon)>", p.toString());
        p.close();
    }

    @Test
    void defaultNamesAreProcessDashCounterAndIncrease() {
        Process first = new Process(() -> { });
        Process second = new Process(() -> { });
        Matcher a = Pattern.compile("Process-(\\d+)").matcher(first.getName());
        Matcher b = Pattern.compile("Process-(\\d+)").matcher(second.getName());
        assertTrue(a.matches(), first.getName());
        assertTrue(b.matches(), second.getName());
        assertEquals(Integer.parseInt(a.group(1)) + 1, Integer.parseInt(b.group(1)));
        assertEquals("<Process(" + first.getName() + ", initial)>", first.toString());
    }

    @Test
    void anExplicitNameIsKeptAndSetNameChangesIt() {
        Process p = new Process(() -> { }, "worker");
        assertEquals("worker", p.getName());
        p.setName("renamed");
        assertEquals("renamed", p.getName());
        assertEquals("<Process(renamed, initial)>", p.toString());
        assertNull(p.getPid());
    }
}
