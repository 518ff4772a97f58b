package org.multiprocessing4j.bench;

import org.multiprocessing4j.Process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java side of the comparative benchmark. Each workload mirrors the function of the same
 * name in {@code bench/reference_workloads.py}: same warm-up, same iteration count, same unit.
 * A workload is added as one method plus one line in {@link #WORKLOADS}; only workloads the
 * library can run are registered.
 *
 * <pre>
 * java -cp ... org.multiprocessing4j.bench.Bench                      # table
 * java -cp ... org.multiprocessing4j.bench.Bench --json               # {"name": {"value": x, "unit": "..."}}
 * java -cp ... org.multiprocessing4j.bench.Bench --json --only spawn_start_join
 * java -cp ... org.multiprocessing4j.bench.Bench --list               # registered names
 * </pre>
 *
 * <p>Run it from a class path of jars only: the library's child JVMs use class-data sharing
 * only then, and {@code bench/run.sh} does so.
 */
public final class Bench {
    private Bench() {
    }

    /** One figure and its unit, as the Python workloads return them. */
    record Result(double value, String unit) {
    }

    /** A workload: runs and returns its figure. */
    @FunctionalInterface
    interface Workload {
        Result run() throws Exception;
    }

    /** Python's {@code run(n)} closures. */
    @FunctionalInterface
    interface Op {
        void run(int n) throws Exception;
    }

    /** Keyed by the Python name, in the Python file's order. */
    static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("spawn_start_join", Bench::spawnStartJoin);
    }

    /** Python's {@code per_op}: seconds per operation over one call of {@code fn(n)}. */
    static double perOp(Op fn, int n) throws Exception {
        long t = System.nanoTime();
        fn.run(n);
        return (System.nanoTime() - t) / 1e9 / n;
    }

    /** {@code spawn_start_join("spawn")}: start and join a child that does nothing. */
    static Result spawnStartJoin() throws Exception {
        Op run = n -> {
            for (int i = 0; i < n; i++) {
                Process p = new Process(() -> { });
                p.start();
                p.join();
                p.close();
            }
        };
        run.run(2);
        return new Result(perOp(run, 20) * 1e3, "ms");
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--only" -> only.add(args[++i]);
                case "--list" -> {
                    WORKLOADS.keySet().forEach(System.out::println);
                    return;
                }
                default -> {
                    System.err.println("usage: Bench [--json] [--only NAME]... | --list");
                    System.exit(2);
                }
            }
        }
        for (String name : only) {
            if (!WORKLOADS.containsKey(name)) {
                System.err.println("not implemented in Java: " + name);
                System.exit(2);
            }
        }
        Map<String, Result> out = new LinkedHashMap<>();
        for (Map.Entry<String, Workload> workload : WORKLOADS.entrySet()) {
            String name = workload.getKey();
            if (!only.isEmpty() && !only.contains(name)) {
                continue;
            }
            Result result = workload.getValue().run();
            out.put(name, result);
            if (!json) {
                System.out.printf(Locale.ROOT, "%-26s %14.2f %s%n", name, result.value(), result.unit());
                System.out.flush();
            }
        }
        if (json) {
            System.out.println(toJson(out));
        }
    }

    /** The shape of the Python script's {@code --json} output, values rounded to 3 places. */
    private static String toJson(Map<String, Result> results) {
        StringBuilder s = new StringBuilder("{");
        String separator = "\n";
        for (Map.Entry<String, Result> e : results.entrySet()) {
            s.append(separator).append(String.format(Locale.ROOT, " \"%s\": {\"value\": %.3f, \"unit\": \"%s\"}",
                    e.getKey(), e.getValue().value(), e.getValue().unit()));
            separator = ",\n";
        }
        return s.append("\n}").toString();
    }
}
