package org.multiprocessing4j.testing;

import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks of how long shared objects hold what the system gives them, and of their close(). */
public final class Lifetimes {
    private Lifetimes() {
    }

    /**
     * Runs {@link Churn} with {@code mode} ("drop" or "close") and {@code kinds} ("lock:20000"…)
     * in a fresh JVM allowed 1024 descriptors, and asserts that it made every object.
     */
    public static void churnWithFewDescriptors(Path dir, String mode, String... kinds) throws Exception {
        List<String> args = new ArrayList<>(List.of(mode));
        args.addAll(List.of(kinds));
        FreshJvm.Result result = FreshJvm.run(dir, FreshJvm.withDescriptorLimit(1024), List.of(),
                Churn.class, Duration.ofSeconds(150), args.toArray(new String[0]));
        StringBuilder expected = new StringBuilder();
        for (String kind : kinds) {
            expected.append(kind.replace(':', ' ')).append(System.lineSeparator());
        }
        assertEquals(0, result.exitCode, result.toString());
        assertEquals(expected.toString(), result.stdout, result.toString());
    }

    /**
     * Makes and closes 10,000 objects with each maker, 100 held at a time, and asserts that this
     * JVM holds no more shared-memory descriptors afterwards than one more (an arena kept for
     * reuse). Linux only: elsewhere nothing is counted.
     */
    public static void assertDescriptorsStayFlat(Map<String, Supplier<? extends AutoCloseable>> makers) throws Exception {
        for (Map.Entry<String, Supplier<? extends AutoCloseable>> maker : makers.entrySet()) {
            int before = ProcFs.sharedMemoryDescriptors();
            makeAndClose(maker.getValue(), 10_000, 100);
            int after = ProcFs.sharedMemoryDescriptors();
            assertTrue(after <= before + 1, maker.getKey() + ": " + before + " shared-memory descriptors before, "
                    + after + " after");
        }
    }

    /** Makes {@code count} objects with {@code make} and closes them, {@code batch} at a time. */
    public static void makeAndClose(Supplier<? extends AutoCloseable> make, int count, int batch) throws Exception {
        List<AutoCloseable> held = new ArrayList<>(batch);
        for (int n = 0; n < count; n++) {
            held.add(make.get());
            if (held.size() == batch || n == count - 1) {
                for (AutoCloseable made : held) {
                    made.close();
                }
                held.clear();
            }
        }
    }

    /** Asserts that {@code use} throws {@link IllegalStateException} saying "{@code what} is closed". */
    public static void assertClosed(String what, Executable use) {
        IllegalStateException e = assertThrows(IllegalStateException.class, use);
        assertEquals(what + " is closed", e.getMessage());
    }
}
