package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.serialization.SerializationException;

import java.nio.file.Path;
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

    private static List<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toList());
    }

    @Test
    @Timeout(30)
    void aTargetCapturingSomethingUnserializableFailsAndStartsNothing() throws Exception {
        List<Long> before = children();
        NotSerializableThing thing = new NotSerializableThing();
        Process p = new Process(() -> System.exit(thing.value));
        SerializationException e = assertThrows(SerializationException.class, p::start);
        assertTrue(e.getMessage().contains(NotSerializableThing.class.getName()), e.getMessage());
        assertTrue(e instanceof ProcessError);
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
    void aMissingJavaExecutableFailsStartWithItsPath() {
        List<Long> before = children();
        Context context = Multiprocessing.context().withJavaExecutable(Path.of("/nonexistent/java"));
        Process p = context.process(() -> { });
        ProcessError e = assertThrows(ProcessError.class, p::start);
        assertTrue(e.getMessage().contains("/nonexistent/java"), e.getMessage());
        assertTrue(e.getMessage().contains(p.getName()), e.getMessage());
        assertEquals(before, children());
        assertNull(p.getPid());
    }

    @Test
    @Timeout(30)
    void aClassPathWithoutTheLibraryFailsStartSayingTheJvmExitedBeforeChildMain() throws Exception {
        List<Long> before = children();
        Context context = Multiprocessing.context().withClassPath("/nonexistent");
        Process p = context.process(() -> { });
        ProcessError e = assertThrows(ProcessError.class, p::start);
        assertTrue(e.getMessage().contains("exited"), e.getMessage());
        assertTrue(e.getMessage().contains("before it could run org.multiprocessing4j.spawn.ChildMain"), e.getMessage());
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
    @Timeout(30)
    void aTargetWhoseClassTheChildCannotLoadFailsStartWithTheReason() throws Exception {
        List<Long> before = children();
        String testClasses = Path.of(StartFailureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !Path.of(e).toAbsolutePath().toString().equals(testClasses))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        Process p = Multiprocessing.context().withClassPath(classPath).process(() -> System.exit(0));
        ProcessError e = assertThrows(ProcessError.class, p::start);
        assertTrue(e.getMessage().contains(StartFailureTest.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(p.getName()), e.getMessage());
        assertEquals(before, children(), "the failed child JVM is still there");
        assertNull(p.getPid());
    }
}
