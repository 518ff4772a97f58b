package org.multiprocessing4j.testing;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.slf4j.event.Level;

import java.io.IOException;

/**
 * Main class run in a fresh JVM by {@link FreshJvm} for the tests that must see what a child
 * prints on its standard error (which is its parent's). Prints, on standard output,
 * {@code name=<child name> exitcode=<child exit code>} for the child it started.
 */
public final class Scenarios {
    private Scenarios() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "throw":
                runChild(new Process(Scenarios::failWithCheckedException));
                break;
            case "log":
                Multiprocessing.logToStderr(Level.INFO);
                runChild(new Process(() -> { }));
                break;
            default:
                throw new IllegalArgumentException("no scenario " + args[0]);
        }
    }

    private static void runChild(Process p) throws InterruptedException {
        p.start();
        p.join();
        System.out.println("name=" + p.getName() + " exitcode=" + p.getExitCode());
        p.close();
    }

    static void failWithCheckedException() throws IOException {
        throw new IOException("boom from the target");
    }
}
