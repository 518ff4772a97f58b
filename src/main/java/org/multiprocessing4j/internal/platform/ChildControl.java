package org.multiprocessing4j.internal.platform;

/**
 * One started child as an operating system sees it. {@link ChildProcess} adds the rules that are
 * the same everywhere: one reaper, exit code kept once, no signal after the reap.
 */
interface ChildControl {
    /** The POSIX number of SIGKILL, which {@link #kill()} sends (or, on Windows, imitates). */
    int SIGKILL = 9;
    /** The POSIX number of SIGTERM, which {@link #terminate()} sends (or, on Windows, imitates). */
    int SIGTERM = 15;

    /** The process id. */
    long pid();

    /** A descriptor that becomes ready when the child ends (pidfd, pipe or process handle). */
    long sentinel();

    /** How the child sees the inherited descriptors, in {@link SpawnRequest#inherited()} order. */
    long[] inheritedInChild();

    /** Blocks until the child has ended, without reaping it, so that its pid stays reserved. */
    void awaitExit();

    /**
     * Reaps the ended child and decodes its status: the exit code, or -N for signal N. Called
     * once, by the reaper, also when {@link #pollExit()} already saw the end.
     */
    int reap();

    /**
     * Without blocking: the exit code if the child has ended, else null. So that a caller who
     * saw the sentinel ready finds the exit code known, without waiting for the reaper thread.
     */
    Integer pollExit();

    /** Sends a signal; only called while the child has not been reaped. */
    void signal(int signal);

    /** Asks the child to stop: SIGTERM, or TerminateProcess with the code read back as -15. */
    void terminate();

    /** Stops the child at once: SIGKILL, or TerminateProcess with the code read back as -9. */
    void kill();

    /** Closes the sentinel and any other descriptor held for this child. */
    void release();
}
