package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.ProcFs;
import org.multiprocessing4j.testing.Scenarios;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** start() fails cleanly, with a reason and no process left, on input it cannot launch. */
class StartFailureTest {

    /** Deliberately not serializable. */
    static final class NotSerializableThing {
        int value = 1;
    }

    /**
     * This JVM's children other than spare JVMs (idle ones, and ones still being spawned in the
     * background for an earlier test, whose command line ends with --spare), read until two
     * readings 100 ms apart agree.
     *
     * <p>A spare being spawned cannot be told from other children for a moment: between its
     * creation and its exec it reads with this JVM's own command line, and where a command line
     * has no arguments (Windows) until it enters the pool. Spares boot whenever a processor is
     * free, so that moment can fall on any reading; the next one sees the spare for what it is.
     */
    private static List<Long> children() throws InterruptedException {
        List<Long> children = childrenNow();
        for (int i = 0; i < 50; i++) {
            Thread.sleep(100);
            List<Long> again = childrenNow();
            if (again.equals(children)) {
                return children;
            }
            children = again;
        }
        return children;
    }

    private static List<Long> childrenNow() {
        java.util.Set<Long> spares = org.multiprocessing4j.internal.spawn.Spares.pids();
        return ProcessHandle.current().children().map(ProcessHandle::pid)
                .filter(pid -> !spares.contains(pid) && !ProcFs.commandLine(pid).endsWith("ChildMain --spare"))
                .sorted().collect(Collectors.toList());
    }

    @Test
    @Timeout(30)
    void aTargetCapturingSomethingUnserializableFailsAndStartsNothing() throws Exception {
        List<Long> before = children();
        NotSerializableThing thing = new NotSerializableThing();
        Process p = new Process(() -> System.exit(thing.value));
        SerializationException e = assertThrows(SerializationException.class, p::start);
        assertTrue(e.getMessage().contains(NotSerializableThing.class.getName()), e.getMessage());
        assertEquals(before, children(), "a child process exists after the failed start");
        assertNull(p.getPid());
        assertFalse(p.isAlive());
        assertFalse(Multiprocessing.activeChildren().contains(p));

        Process next = new Process(() -> System.exit(0));
        next.start();
        next.join();
        assertEquals(0, next.getExitCode());
        next.close();
    }

    @Test
    @Timeout(30)
    void aMissingJavaExecutableFailsStartWithItsPath() throws Exception {
        List<Long> before = children();
        Path java = Path.of("/nonexistent/java");
        Context context = Multiprocessing.context().withJavaExecutable(java);
        Process p = context.process(() -> { });
        ProcessError e = assertThrows(ProcessError.class, p::start);
        // As the system writes it: \nonexistent\java on Windows.
        assertTrue(e.getMessage().contains(java.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(p.getName()), e.getMessage());
        assertEquals(before, children());
        assertNull(p.getPid());
    }

    @Test
    @Timeout(30)
    void aClassPathWithoutTheLibraryFailsStartNamingChildMainAndTheClassPath() throws Exception {
        List<Long> before = children();
        Context context = Multiprocessing.context().withClassPath("/nonexistent");
        Process p = context.process(() -> { });
        ProcessError e = assertThrows(ProcessError.class, p::start);
        assertTrue(e.getMessage().contains("org.multiprocessing4j.internal.spawn.ChildMain"), e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent"), e.getMessage());
        assertTrue(e.getMessage().contains(p.getName()), e.getMessage());
        assertEquals(before, children(), "the failed child JVM is still there");
        assertNull(p.getPid());
        assertFalse(Multiprocessing.activeChildren().contains(p));
    }

    @Test
    @Timeout(30)
    void aProcessCreatedInTheParentCannotBeStartedByAChild() throws Exception {
        // The object travels inside the target; in the child it was "created by another process".
        Process inner = new Process(() -> { });
        Process p = new Process(() -> {
            try {
                inner.start();
            } catch (IllegalStateException expected) {
                return;
            }
            inner.join();
            System.exit(5);
        });
        p.start();
        p.join();
        assertEquals(0, p.getExitCode(), "5: a child started a process object created by its parent");
        p.close();
    }

    @Test
    @Timeout(60)
    void aChildThatCannotLoadTheTargetsClassExitsWithOneAndNamesTheClass(@TempDir Path dir) throws Exception {
        // start() no longer waits for the child to boot: like CPython, the child prints why it
        // cannot run its target and ends with exit code 1. What it prints must name the class.
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(45),
                "missing-class");
        assertEquals(0, result.exitCode, result::toString);
        assertEquals("name=Process-1 exitcode=1", result.stdout.trim(), result::toString);
        assertTrue(result.stderr.contains(Scenarios.class.getName()),
                "the child's error does not name the class it could not load:\n" + result.stderr);
    }
}
