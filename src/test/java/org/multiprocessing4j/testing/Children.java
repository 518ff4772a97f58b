package org.multiprocessing4j.testing;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.function.Target;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Starting a child for a test, and ending it: joined, its exit code checked, closed. */
public final class Children {
    private Children() {
    }

    public static Process start(Target target) {
        Process process = new Process(target);
        process.start();
        return process;
    }

    /** Joins (30 s at most, then kills), asserts {@code expectedCode} and closes the process. */
    public static void finish(Process process, int expectedCode) throws InterruptedException {
        process.join(Duration.ofSeconds(30));
        if (process.isAlive()) {
            process.kill();
            process.join();
        }
        Integer code = process.getExitCode();
        process.close();
        assertEquals(expectedCode, code, "exit code of " + process.getName());
    }

    public static void finish(Process process) throws InterruptedException {
        finish(process, 0);
    }
}
