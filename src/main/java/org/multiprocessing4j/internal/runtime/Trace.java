package org.multiprocessing4j.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Time stamps of the phases of a child's life, on both sides, for finding where the time of a
 * start or an end goes (the README's breakdown was measured with it). Off unless the system
 * property {@code multiprocessing4j.trace} names a file; a {@code -D} option on the parent's
 * command line is passed on to its children and spares, so one file collects every process.
 * Each line is {@code <System.nanoTime()> <pid> <phase>}: the clock is the system's monotonic
 * one, the same in every process of the machine, so lines of different processes compare.
 *
 * <p>Lines are kept in memory and appended to the file in one write by {@link #flush()} (at a
 * child's end, and by a shutdown hook in any other JVM), so tracing costs no I/O on the paths it
 * measures.
 */
public final class Trace {
    private static final String FILE = System.getProperty("multiprocessing4j.trace", "");
    /** Whether tracing is on; checked before building a phase's text. */
    public static final boolean ON = !FILE.isEmpty();
    // Only when on: the JDK's process handles start an executor at their first use.
    private static final long PID = ON ? ProcessHandle.current().pid() : 0;
    private static final StringBuilder LINES = new StringBuilder();
    private static boolean hookAdded;

    private Trace() {
    }

    /** Records that {@code phase} happens now, if tracing is on. */
    public static void mark(String phase) {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        synchronized (LINES) {
            LINES.append(now).append(' ').append(PID).append(' ').append(phase).append('\n');
            if (!hookAdded) {
                hookAdded = true;
                // A JVM hook, not one of the library's exit tasks: a child runs those itself
                // between two marks, and the file write would be counted in its exit work. A
                // child flushes after its last mark; this hook writes whatever is left.
                Runtime.getRuntime().addShutdownHook(Threads.daemon("trace", Trace::flush));
            }
        }
    }

    /** Appends what was recorded to the file and forgets it. */
    public static void flush() {
        if (!ON) {
            return;
        }
        String text;
        synchronized (LINES) {
            text = LINES.toString();
            LINES.setLength(0);
        }
        if (text.isEmpty()) {
            return;
        }
        try {
            Files.write(Path.of(FILE), text.getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            System.err.println("multiprocessing4j: cannot write the trace to " + FILE + ": " + e);
        }
    }
}
