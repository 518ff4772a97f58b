package org.multiprocessing4j.internal.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.FreshJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JDK's table of system shutdown hooks can be written on the JDK the tests run on, and what
 * is put last runs after the application's hooks and the deletion of the deleteOnExit files:
 * where it could not, every child would take the JVM's slow way out and nothing else would say
 * so; where it ran earlier, a child's quick exit would cut its hooks short.
 */
class ShutdownRegistryTest {

    @Test
    @Timeout(60)
    void whatIsPutLastRunsAfterTheHooksAndTheDeletionsAndTheSlotIsTakenOnce(@TempDir Path dir) throws Exception {
        // As the library starts its children: on JDK 24+, Unsafe's memory access allowed.
        List<String> options = Runtime.version().feature() >= 24 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
        FreshJvm.Result result = FreshJvm.run(dir, options, ShutdownRegistryTest.class, Duration.ofSeconds(45),
                dir.toString());
        assertEquals(0, result.exitCode, result::toString);
        assertEquals("placed true, again false", result.stdout.trim(), result::toString);
        assertEquals("hook ran true, file left false", Files.readString(dir.resolve("last")), result::toString);
    }

    /** The fresh JVM: a shutdown hook, a file to delete on exit, and a runnable put last that says what it found. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path hookRan = dir.resolve("hook");
        Path doomed = Files.createFile(dir.resolve("doomed"));
        doomed.toFile().deleteOnExit();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> write(hookRan, "ran")));
        boolean placed = ShutdownRegistry.runLast(
                () -> write(dir.resolve("last"), "hook ran " + Files.exists(hookRan) + ", file left " + Files.exists(doomed)));
        boolean again = ShutdownRegistry.runLast(() -> { });
        System.out.println("placed " + placed + ", again " + again);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
