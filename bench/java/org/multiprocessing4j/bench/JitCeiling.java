package org.multiprocessing4j.bench;

import org.multiprocessing4j.examples.Demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ceiling of {@code pool_cpu_bound} on this machine, without the library: the serial time
 * of 16 × count_primes(20000) in one fresh JVM over the time two fresh JVMs take to run 8 each
 * at the same instant. No pool, no pipes, no serialization: what is left is the JVM's own cost
 * of running a method it has never run, on cores its JIT compilers share with the work.
 *
 * <p>Run by {@code bash bench/ceiling.sh}: each JIT setting in turn ({@code tiered}, the
 * default, and C1 only), a few rounds each, and the median and range of the speedup.
 */
public final class JitCeiling {
    private static final int TASKS = 16;
    private static final int N = 20000;
    /** Time for every JVM of a round to boot and settle before the instant they all start at. */
    private static final long START_DELAY_MILLIS = 1500;

    private JitCeiling() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("run")) {
            runAt(Long.parseLong(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf(Locale.ROOT, "%-30s %14s %14s %10s   %s%n", "JIT of the JVMs", "1 JVM x 16 ms", "2 JVMs x 8 ms", "speedup", "range");
        report("tiered (default)", List.of(), rounds);
        report("C1 only (TieredStopAtLevel=1)", List.of("-XX:TieredStopAtLevel=1"), rounds);
    }

    /** A JVM's part: waits for the wall-clock instant {@code atMillis}, runs, prints its milliseconds. */
    private static void runAt(long atMillis, int tasks) throws InterruptedException {
        while (System.currentTimeMillis() < atMillis) {
            Thread.sleep(1);
        }
        long t = System.nanoTime();
        int sum = 0;
        for (int i = 0; i < tasks; i++) {
            sum += Demo.countPrimes(N);
        }
        double millis = (System.nanoTime() - t) / 1e6;
        System.out.println(sum > 0 ? Double.toString(millis) : "none");
    }

    private static void report(String label, List<String> jvmOptions, int rounds) throws Exception {
        double[] serial = new double[rounds];
        double[] parallel = new double[rounds];
        double[] speedup = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            serial[r] = round(jvmOptions, 1);
            parallel[r] = round(jvmOptions, 2);
            speedup[r] = serial[r] / parallel[r];
        }
        double[] sorted = speedup.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-30s %14.1f %14.1f %9.2fx   %.2f-%.2fx%n", label, median(serial), median(parallel),
                median(speedup), sorted[0], sorted[rounds - 1]);
    }

    /** {@code jvms} fresh JVMs share the 16 tasks and start together; the milliseconds until the last is done. */
    private static double round(List<String> jvmOptions, int jvms) throws Exception {
        long at = System.currentTimeMillis() + START_DELAY_MILLIS;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<java.lang.Process> processes = new ArrayList<>();
        for (int i = 0; i < jvms; i++) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), JitCeiling.class.getName(),
                    "run", Long.toString(at), Integer.toString(TASKS / jvms)));
            processes.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        double slowest = 0;
        for (java.lang.Process process : processes) {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                String line = out.readLine();
                if (process.waitFor() != 0 || line == null || line.equals("none")) {
                    throw new IOException("a JVM of the round failed: " + line);
                }
                slowest = Math.max(slowest, Double.parseDouble(line));
            }
        }
        return slowest;
    }


    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
