package org.multiprocessing4j.pool;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.function.Target;

/**
 * The {@link Pool} API on threads of this JVM: Python's {@code multiprocessing.pool.ThreadPool}.
 * Nothing is serialized (functions, arguments and results are passed as they are), so it
 * suits I/O-bound work and objects that cannot cross a process boundary.
 *
 * <p>Differences from the process pool: callbacks and progress listeners run in the worker
 * thread that finished the chunk; {@link #terminate()} interrupts the running chunks (a thread
 * cannot be killed: a chunk that ignores interrupts runs on) and fails the queued ones; an
 * initializer that throws is logged and the thread works on; there is no
 * {@code maxTasksPerChild}. {@link #getWorkerPids()} gives this process's pid for each thread.
 */
public final class ThreadPool extends Pool {

    /** {@link Multiprocessing#cpuCount()} threads. */
    public ThreadPool() {
        this(0);
    }

    /** {@code processes} threads (0: {@link Multiprocessing#cpuCount()}). */
    public ThreadPool(int processes) {
        this(processes, null);
    }

    /**
     * Python's {@code ThreadPool(processes, initializer)}.
     *
     * @param initializer run once by each thread when it starts, or null
     * @throws IllegalArgumentException if {@code processes} is negative
     */
    public ThreadPool(int processes, Target initializer) {
        super(new ThreadEngine(checked(processes), initializer));
    }

    private static int checked(int processes) {
        if (processes < 0) {
            throw new IllegalArgumentException("Number of processes must be at least 1");
        }
        return processes == 0 ? Multiprocessing.cpuCount() : processes;
    }
}
