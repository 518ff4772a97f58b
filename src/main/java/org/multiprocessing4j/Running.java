package org.multiprocessing4j;

import java.time.Duration;

/**
 * A started {@link Process} as its {@link Backend} runs it: a child JVM ({@link SpawnBackend}) or
 * a thread of this JVM ({@link ThreadBackend}). {@code Process} holds one once started and asks
 * it everything that depends on where the activity runs; the checks of CPython's API (started,
 * closed, created here) stay in {@code Process}, so both backends share them.
 */
interface Running {
    /** The pid of the OS process the activity runs in. */
    long pid();

    /** The exit code, or null while it runs. */
    Integer exitCode();

    /** Whether the activity still runs. */
    boolean isAlive();

    /**
     * Waits at most {@code timeout} (null: for ever) for the end.
     *
     * @return the exit code, or null if it still runs
     */
    Integer waitFor(Duration timeout) throws InterruptedException;

    /** A handle that becomes ready at the end, for {@link Multiprocessing#wait}. */
    Sentinel sentinel();

    /** Asks the activity to end at once (SIGTERM). */
    void terminate();

    /** Ends the activity at once (SIGKILL). */
    void kill();

    /** Releases what the handle holds (a sentinel descriptor); the activity has ended. */
    void close();
}
