package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.Scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a child JVM loads and prints: no JNA for a plain target; log lines after logToStderr. */
class ChildJvmTest {

    @Test
    @Timeout(30)
    void aChildWithAPlainTargetDoesNotLoadJna() throws Exception {
        Platform.load();
        assertNotNull(System.getProperty("jna.loaded"), "JNA marks itself loaded in this JVM with jna.loaded");
        // Settings of its own: spares of settings whose children used descriptors load JNA
        // ahead on purpose, and other tests here start such children.
        Context plainProgram = Multiprocessing.context().withSystemProperty("mp4j.test.plainProgram", "true");
        for (int i = 0; i < 3; i++) {
            // Later ones run in spares when these are ready, and these must not load JNA either.
            Process p = plainProgram.process(() -> System.exit(System.getProperty("jna.loaded") == null ? 0 : 1));
            p.start();
            p.join();
            assertEquals(0, p.getExitCode(), "1: child " + i + " loaded JNA (jna.loaded is set)");
            p.close();
        }
    }

    @Test
    @Timeout(30)
    void aChildThatUsesTheNativeLayerLoadsJnasLibraryFromTheCacheAndSearchesAsItsParent() throws Exception {
        Platform.load();
        String parentSearchPath = System.getProperty("jna.platform.library.path");
        Lock lock = new Lock();
        Process p = new Process(() -> {
            lock.acquire();
            lock.release();
            String boot = System.getProperty("jna.boot.library.path");
            String name = System.mapLibraryName("jnidispatch");
            boolean unpacked = boot != null && (Files.isRegularFile(Path.of(boot, name))
                    || Files.isRegularFile(Path.of(boot, name.replace(".dylib", ".jnilib"))));
            boolean sameSearch = java.util.Objects.equals(parentSearchPath, System.getProperty("jna.platform.library.path"));
            System.exit(unpacked ? sameSearch ? 0 : 2 : 1);
        });
        p.start();
        p.join();
        assertEquals(0, p.getExitCode(), "1: JNA's library was not given unpacked; 2: the child searched other paths");
        p.close();
    }

    @Test
    @Timeout(30)
    void aChildsClassLoadLogHasNoJnaClassAndNoLoggingSetUp() throws Exception {
        // Neither the native layer nor SLF4J's set-up (a provider look-up, logback's
        // configuration search: some hundred milliseconds under load) belongs in a plain child.
        List<String> lines = classLoadLog(Multiprocessing.context(), () -> { });
        List<String> unwanted = lines.stream()
                .filter(l -> l.contains("com.sun.jna") || isLoggingSetUp(l))
                .collect(Collectors.toList());
        assertEquals(List.of(), unwanted);
    }

    @Test
    @Timeout(30)
    void aChildThatUsesALockAndAQueueButLogsNothingSetsUpNoLogging() throws Exception {
        // The lock's and the queue's classes hold loggers; SLF4J and its provider (100-250 ms of
        // a fresh JVM's CPU) start only when a line is logged, which here none is.
        Context context = Multiprocessing.context();
        try (Lock lock = new Lock();
             Queue<String> queue = context.queue()) {
            List<String> lines = classLoadLog(context, () -> {
                lock.acquire();
                lock.release();
                queue.put("sent");
            });
            assertEquals("sent", queue.get(Duration.ofSeconds(10)));
            assertTrue(lines.stream().anyMatch(l -> l.contains("org.multiprocessing4j.sync.Mutex ")),
                    "the child loaded the lock's class, which has a logger");
            assertEquals(List.of(), lines.stream().filter(ChildJvmTest::isLoggingSetUp).limit(3).collect(Collectors.toList()));
        }
    }

    @Test
    @Timeout(90)
    void aPlainChildLinksNoLambdaOfTheLibraryWhetherSpawnedOrInASpare(@TempDir Path dir) throws Exception {
        // A JVM's first lambda links the JDK's lambda machinery (JDK 17: some 8 ms of a no-op
        // child's processor time), so the library's callbacks on a plain child's way are classes
        // (docs/ARCHITECTURE.md, "A plain child links no lambda"), and the target's lambda is
        // called, not rebuilt. In a program of its own: spares of a program that used Fory or a
        // pool warm those up, lambdas included. The first child is spawned for its entry; the
        // later ones are handed to spares booted for these settings.
        Path logs = Path.of("").toAbsolutePath().relativize(dir.toAbsolutePath().resolve("logs"));
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(75),
                "plain-children-lambdas", logs.toString());
        assertEquals(0, result.exitCode, result::toString);
        List<String> lines = result.stdout.lines().collect(Collectors.toList());
        assertEquals(List.of("child 0 exit=0 spare=false", "child 1 exit=0 spare=true", "child 2 exit=0 spare=true"),
                lines, "a child linked lambdas of the library (the indented lines), or no spare ran one: " + result);
    }

    private static boolean isLoggingSetUp(String classLoadLine) {
        return classLoadLine.contains("org.slf4j.LoggerFactory ") || classLoadLine.contains("ch.qos.logback");
    }

    /** The classes a child of {@code context} loaded while it ran {@code target}, as -Xlog lines. */
    private static List<String> classLoadLog(Context context, Target target) throws Exception {
        // Not a @TempDir: spare JVMs started with the same options write their own logs there
        // (one per pid, %p) and may still be creating them when the test ends.
        // Named relative to the working directory, which children share: -Xlog splits its
        // argument at colons, so a Windows path with a drive letter would not do.
        Path dir = Files.createDirectories(Path.of("target", "child-class-logs"));
        Path relative = Files.createTempDirectory(dir, "run").resolve("classes-%p.log");
        Path pattern = relative.toAbsolutePath();
        Process p = context.withJvmOptions(List.of("-Xmx128m", "-Xlog:class+load=info:file=" + relative)).process(target);
        p.start();
        p.join();
        assertEquals(0, p.getExitCode());
        Path log = pattern.resolveSibling("classes-" + p.getPid() + ".log");
        p.close();
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("org.multiprocessing4j.internal.spawn.ChildMain ")),
                "the log shows the child's classes");
        return lines;
    }

    @Test
    @Timeout(60)
    void logToStderrShowsTheWarningsOfEveryPartOfTheLibrary(@TempDir Path dir) throws Exception {
        // The pool logs on multiprocessing4j.pool, a child of the logger logToStderr sets up.
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(45),
                "pool-worker-dies");
        assertEquals(0, result.exitCode, result::toString);
        assertTrue(result.stdout.contains("worker died: "), result::toString);
        assertTrue(result.stderr.lines().anyMatch(line -> line.matches(
                "\\[WARN(ING)?/MainProcess] pool worker SpawnPoolWorker-\\d+ \\(pid \\d+\\) died with exit code 3")),
                result::toString);
    }

    @Test
    @Timeout(60)
    void theReferenceLoggingSessionPrintsPythonsLevelNamesAndAChildLogsItsLifeCycle(@TempDir Path dir) throws Exception {
        // logToStderr(INFO), two messages of the parent, then a child.
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(45),
                "log-session");
        assertEquals(0, result.exitCode, result::toString);
        assertEquals("name=Process-1 exitcode=0", result.stdout.trim().lines().reduce((a, b) -> b).orElse(""), result::toString);
        List<String> lines = result.stderr.lines().collect(Collectors.toList());
        assertEquals("[WARNING/MainProcess] doomed", lines.get(0), result::toString);
        assertEquals("[CRITICAL/MainProcess] the sky is falling", lines.get(1), result::toString);
        assertTrue(lines.contains("[INFO/Process-1] child process calling self.run()"), result::toString);
        assertTrue(lines.contains("[INFO/Process-1] process exiting with exitcode 0"), result::toString);
        assertTrue(lines.indexOf("[INFO/Process-1] child process calling self.run()")
                < lines.indexOf("[INFO/Process-1] process exiting with exitcode 0"), result::toString);
    }

    @Test
    @Timeout(60)
    void aPythonLogFormatIsUsedHereAndInChildren(@TempDir Path dir) throws Exception {
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(45),
                "log-format");
        assertEquals(0, result.exitCode, result::toString);
        List<String> lines = result.stderr.lines().collect(Collectors.toList());
        assertTrue(lines.contains("INFO:Process-1:(multiprocessing4j) child process calling self.run() 100%"), result::toString);
        assertTrue(lines.contains("WARNING:Process-1:(multiprocessing4j) from the child 100%"), result::toString);
    }

    @Test
    void aLogFormatPlaceholderThatCannotBeFilledIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Multiprocessing.logToStderr(Level.INFO, "%(funcName)s %(message)s"));
        assertTrue(e.getMessage().contains("%(funcName)"), e.getMessage());
    }
}
