package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.ProcFs;
import org.multiprocessing4j.testing.Scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program's exit is silent unless something really failed: no trace from the exit function,
 * from a pool whose workers it ends, or from a spare JVM that was never used; and what the
 * program started does not outlive it.
 */
class ExitTest {
    /**
     * Runs of each scenario, each in a fresh JVM: one showed the noisy exit this guards against
     * (it failed on the first run before the fix); a second catches a race that one run missed.
     */
    private static final int RUNS = 2;

    @Test
    @Timeout(120)
    void systemExitWithAPoolOpenIsSilentAndLeavesNoWorker(@TempDir Path dir) throws Exception {
        for (int run = 0; run < RUNS; run++) {
            Path runDir = Files.createDirectories(dir.resolve("run" + run));
            FreshJvm.Result result = runToExit(runDir, "exit-with-pool");
            List<String> lines = result.stdout.lines().toList();
            assertEquals("[2, 4, 6]", lines.get(0), result::toString);
            for (String pid : lines.get(1).replaceAll("[^0-9 ]", " ").trim().split(" +")) {
                assertTrue(ProcFs.awaitNotRunning(Long.parseLong(pid), 2_000), "pool worker " + pid + " outlived the program");
            }
            assertEquals("", stderrAfterTheSparesEnded(runDir), "run " + run + " printed on standard error");
        }
    }

    @Test
    @Timeout(120)
    void exitingWhileSpareJvmsBootIsSilent(@TempDir Path dir) throws Exception {
        for (int run = 0; run < RUNS; run++) {
            Path runDir = Files.createDirectories(dir.resolve("run" + run));
            FreshJvm.Result result = runToExit(runDir, "exit-after-start");
            assertEquals("name=Process-1 exitcode=0", result.stdout.trim(), result::toString);
            assertEquals("", stderrAfterTheSparesEnded(runDir), "run " + run + " printed on standard error");
        }
    }

    /** Runs a scenario that ends with System.exit(0), which must be its exit code. */
    private static FreshJvm.Result runToExit(Path runDir, String scenario) throws Exception {
        FreshJvm.Result result = FreshJvm.run(runDir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(45), scenario);
        assertEquals(0, result.exitCode, result::toString);
        return result;
    }

    /**
     * The program's standard error, read again once its spares saw it gone and ended (or ten
     * seconds later): what they print as they end is in it.
     */
    private static String stderrAfterTheSparesEnded(Path runDir) throws Exception {
        Path stderr = runDir.resolve("stderr.txt");
        ProcFs.awaitNoWriterOf(stderr, 10_000, 1_000);
        return String.join("\n", Files.readAllLines(stderr));
    }

}
