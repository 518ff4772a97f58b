package org.multiprocessing4j.examples;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.pool.ConsoleProgressBar;
import org.multiprocessing4j.pool.Pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The reference examples, run as they are written in Python's documentation: the terminate
 * example of "Process objects", then "Hello Bob" printed from a child; then a CPU-bound
 * parallel map over a {@link Pool}, with its progress bar and its speedup.
 */
public final class Demo {
    private Demo() {
    }

    /** Runs the examples. */
    public static void main(String[] args) throws Exception {
        terminateExample();
        helloBob();
        parallelMap();
    }

    /**
     * <pre>
     * p = multiprocessing.Process(target=time.sleep, args=(1000,))
     * print(p, p.is_alive()); p.start(); print(p, p.is_alive())
     * p.terminate(); time.sleep(0.1); print(p, p.is_alive())
     * p.exitcode == -signal.SIGTERM
     * </pre>
     */
    static void terminateExample() throws InterruptedException {
        Process p = new Process(() -> Thread.sleep(1_000_000));
        System.out.println(p + " " + p.isAlive());
        p.start();
        System.out.println(p + " " + p.isAlive());
        p.terminate();
        p.join();
        System.out.println(p + " " + p.isAlive());
        System.out.println(p.getExitCode() == -15);
    }

    /** The child prints "Hello Bob". */
    static void helloBob() throws InterruptedException {
        Process p = new Process(() -> greet("Bob"));
        p.start();
        p.join();
    }

    static void greet(String name) {
        System.out.println("Hello " + name);
    }

    /** Tasks of the parallel map: a few tens of milliseconds each, long beside a worker's warm-up. */
    private static final int TASKS = 16;
    private static final int LIMIT = 400_000;

    /**
     * A CPU-bound map, serially and then over a pool of {@link Multiprocessing#cpuCount()}
     * workers, one task per chunk so that the bar (on standard error) moves with each:
     * <pre>
     * with Pool() as pool:
     *     pool.map(abs, [-1] * 8)
     *     pool.map(count_primes, [400000] * 16, chunksize=1)
     * </pre>
     */
    static void parallelMap() throws Exception {
        List<Integer> limits = Collections.nCopies(TASKS, LIMIT);
        long start = System.nanoTime();
        List<Integer> serial = new ArrayList<>();
        for (int limit : limits) {
            serial.add(countPrimes(limit));
        }
        double serialSeconds = (System.nanoTime() - start) / 1e9;
        try (Pool pool = new Pool()) {
            // Timed once the workers are up: a worker is a JVM that boots in a fraction of a second.
            pool.map(Math::abs, Collections.nCopies(4 * pool.getProcesses(), -1));
            start = System.nanoTime();
            List<Integer> parallel = pool.map(Demo::countPrimes, limits, 1, new ConsoleProgressBar(System.err));
            double poolSeconds = (System.nanoTime() - start) / 1e9;
            System.out.println(TASKS + " x countPrimes(" + LIMIT + ") in a pool: " + parallel.get(0)
                    + " each, as in the serial run: " + parallel.equals(serial));
            System.out.println(String.format(Locale.ROOT, "serial %.2f s, pool of %d workers %.2f s: %.2fx faster",
                    serialSeconds, pool.getProcesses(), poolSeconds, serialSeconds / poolSeconds));
        }
    }

    /**
     * The primes below {@code n}, by trial division: Python's {@code count_primes} of the
     * benchmark ({@code bench/reference_workloads.py}), which the Java harness uses too.
     */
    public static int countPrimes(int n) {
        int count = 0;
        for (int k = 2; k < n; k++) {
            boolean prime = true;
            for (int d = 2, limit = (int) Math.sqrt(k); d <= limit; d++) {
                if (k % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }
}
