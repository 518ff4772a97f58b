package org.multiprocessing4j.bench;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.examples.Demo;
import org.multiprocessing4j.managers.DictProxy;
import org.multiprocessing4j.managers.QueueProxy;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.shared.Value;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.Range;
import org.multiprocessing4j.function.SerializableFunction;

import java.io.IOException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java side of the comparative benchmark. Each workload mirrors the function of the same
 * name in {@code bench/reference_workloads.py}: same warm-up, same iteration count, same unit.
 * A workload is added as one method plus one line in {@link Registry#WORKLOADS}; only workloads the
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

    /**
     * The workloads, keyed by the Python name, in the Python file's order. Not in {@link Bench}'s
     * own initialiser: a child initialises the class its target was written in (its lambda is
     * rebuilt there), and 22 method references linked at each child's start took about half of
     * a {@code lock_contended} child's decoding (stack samples); CPython's forkserver imports
     * the main module once, in the server, and its children not at all.
     */
    static final class Registry {
        static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

        private Registry() {
        }

        static {
            WORKLOADS.put("spawn_start_join", Bench::spawnStartJoin);
            WORKLOADS.put("child_first_message", Bench::childFirstMessage);
            WORKLOADS.put("child_exit_join", Bench::childExitJoin);
            WORKLOADS.put("pipe_roundtrip_64B", Bench::pipeRoundtrip64B);
            WORKLOADS.put("pipe_echo_1MiB", Bench::pipeEcho1MiB);
            WORKLOADS.put("pipe_objects_roundtrip", Bench::pipeObjectsRoundtrip);
            WORKLOADS.put("pipe_record_roundtrip", Bench::pipeRecordRoundtrip);
            WORKLOADS.put("queue_throughput", Bench::queueThroughput);
            WORKLOADS.put("queue_objects_throughput", Bench::queueObjectsThroughput);
            WORKLOADS.put("lock_uncontended", Bench::lockUncontended);
            WORKLOADS.put("lock_contended", Bench::lockContended);
            WORKLOADS.put("value_locked_increment", Bench::valueLockedIncrement);
            WORKLOADS.put("pool_map_small", Bench::poolMapSmall);
            WORKLOADS.put("pool_apply_latency", Bench::poolApplyLatency);
            WORKLOADS.put("pool_apply_latency_cluster", ClusterRows::applyLatency);
            WORKLOADS.put("pool_cpu_bound", Bench::poolCpuBound);
            WORKLOADS.put("pool_cpu_bound_warm", Bench::poolCpuBoundWarm);
            WORKLOADS.put("pool_cpu_bound_320k", Bench::poolCpuBound320k);
            WORKLOADS.put("pool_cpu_bound_320k_cluster", ClusterRows::cpuBound320k);
            WORKLOADS.put("manager_dict_set", Bench::managerDictSet);
            WORKLOADS.put("manager_dict_set_warm", Bench::managerDictSetWarm);
            WORKLOADS.put("manager_queue_roundtrip", Bench::managerQueueRoundtrip);
        }
    }

    /**
     * What the workloads make their processes, pipes, queues and pools with: the default
     * context, or one with JDK serialization when {@code BENCH_SERIALIZER=jdk}, so that one run
     * can compare the two formats on the object rows.
     */
    static final Context CTX = "jdk".equals(System.getenv("BENCH_SERIALIZER"))
            ? Multiprocessing.context().withSerializer(Serializer.jdk())
            : Multiprocessing.context();

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
                Process p = CTX.process(() -> { });
                p.start();
                p.join();
                p.close();
            }
        };
        run.run(2);
        return new Result(perOp(run, 20) * 1e3, "ms");
    }

    /** The medians of {@link #childMessageTimes()}, measured once for both of its workloads. */
    private static double[] childMessageMedians;

    /** {@code child_first_message}: start() until the parent has the byte the child sent. */
    static Result childFirstMessage() throws Exception {
        return new Result(childMessageTimes()[0], "ms");
    }

    /** {@code child_exit_join}: from that byte until join() returned. */
    static Result childExitJoin() throws Exception {
        return new Result(childMessageTimes()[1], "ms");
    }

    /**
     * Python's {@code child_message_times}: 15 children, 0.3 s apart after 2 unmeasured, each
     * sending one byte through the write end of a {@code Pipe(false)} it was given; the medians
     * of start to byte received and of byte received to join() returned, in ms.
     */
    static synchronized double[] childMessageTimes() throws Exception {
        if (childMessageMedians == null) {
            Connection[] rw = CTX.pipe(false);
            Connection r = rw[0];
            Connection w = rw[1];
            List<Double> first = new ArrayList<>();
            List<Double> join = new ArrayList<>();
            for (int i = -2; i < 15; i++) {
                Process p = CTX.process(() -> w.sendBytes(ONE_BYTE));
                long t0 = System.nanoTime();
                p.start();
                r.recvBytes();
                long t1 = System.nanoTime();
                p.join();
                long t2 = System.nanoTime();
                p.close();
                if (i >= 0) {
                    first.add((t1 - t0) / 1e6);
                    join.add((t2 - t1) / 1e6);
                }
                Thread.sleep(300);
            }
            r.close();
            w.close();
            childMessageMedians = new double[] {median(first), median(join)};
        }
        return childMessageMedians;
    }

    private static final byte[] ONE_BYTE = {'x'};

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Python's {@code echo(conn)}: sends every message back until an empty one. */
    static void echo(Connection conn) throws IOException {
        while (true) {
            byte[] m = conn.recvBytes();
            if (m.length == 0) {
                break;
            }
            conn.sendBytes(m);
        }
    }

    /** Python's {@code echo_objects(conn)}: sends every object back until null (None). */
    static void echoObjects(Connection conn) throws IOException {
        while (true) {
            Object m = conn.recv();
            if (m == null) {
                break;
            }
            conn.send(m);
        }
    }

    /** A child running {@code body} on {@code b}, the parent's copy of which is closed, as Python's is not. */
    private static Process startWith(Connection b, Target body) throws IOException {
        Process p = CTX.process(() -> body.run(b));
        p.start();
        b.close();
        return p;
    }

    /** What an echo child runs on its end of the pipe. */
    @FunctionalInterface
    interface Target extends java.io.Serializable {
        void run(Connection conn) throws IOException;
    }

    /** Sends the empty message (or null) that ends the echo child, and joins it. */
    private static void stop(Connection a, Process p, boolean objects) throws Exception {
        if (objects) {
            a.send(null);
        } else {
            a.sendBytes(new byte[0]);
        }
        p.join();
        p.close();
        a.close();
    }

    /** {@code pipe_roundtrip_64B}: a 64-byte message to an echo child and back. */
    static Result pipeRoundtrip64B() throws Exception {
        return bytesEcho(64, 1000, 20000, 1e6, "us");
    }

    /** {@code pipe_echo_1MiB}: MiB moved per second, both directions, 1 MiB messages. */
    static Result pipeEcho1MiB() throws Exception {
        Result perOp = bytesEcho(1 << 20, 20, 500, 1, "s");
        return new Result(2 / perOp.value(), "MiB/s");
    }

    private static Result bytesEcho(int size, int warmUp, int n, double scale, String unit) throws Exception {
        Connection[] ab = CTX.pipe();
        Connection a = ab[0];
        Process p = startWith(ab[1], Bench::echo);
        byte[] msg = new byte[size];
        java.util.Arrays.fill(msg, (byte) 'x');
        Op run = k -> {
            for (int i = 0; i < k; i++) {
                a.sendBytes(msg);
                a.recvBytes();
            }
        };
        run.run(warmUp);
        double v = perOp(run, n) * scale;
        stop(a, p, false);
        return new Result(v, unit);
    }

    /** {@code pipe_objects_roundtrip}: Python's tuple {@code (12345, "hello", [1.5, 2.5])} as an Object[]. */
    static Result pipeObjectsRoundtrip() throws Exception {
        return objectsEcho(new Object[] {12345, "hello", new ArrayList<>(List.of(1.5, 2.5))});
    }

    /** Python's {@code echo_objects} round trip of {@code obj}, in µs: 1,000 unmeasured, then 20,000. */
    private static Result objectsEcho(Object obj) throws Exception {
        Connection[] ab = CTX.pipe();
        Connection a = ab[0];
        Process p = startWith(ab[1], Bench::echoObjects);
        Op run = k -> {
            for (int i = 0; i < k; i++) {
                a.send(obj);
                a.recv();
            }
        };
        run.run(1000);
        double v = perOp(run, 20000) * 1e6;
        stop(a, p, true);
        return new Result(v, "us");
    }

    /** Python's {@code Item} dataclass of {@code pipe_record_roundtrip}. */
    record Item(int n, String s, List<Double> xs) implements java.io.Serializable {
    }

    /**
     * {@code pipe_record_roundtrip}: an object of the program's own class, {@code Item(12345,
     * "hello", [1.5, 2.5])}, to an echo child and back: what the serializer itself costs, as the
     * tuple of {@code pipe_objects_roundtrip} travels as plain values. (A record of the harness
     * is allowed through the system property the harness's JVM sets.)
     */
    static Result pipeRecordRoundtrip() throws Exception {
        return objectsEcho(new Item(12345, "hello", new ArrayList<>(List.of(1.5, 2.5))));
    }

    /** {@code queue_throughput}: the parent puts 100,000 ints while a child gets them (Python's {@code drain}). */
    static Result queueThroughput() throws Exception {
        return drained(i -> i);
    }

    /**
     * {@code queue_objects_throughput}: the parent puts Python's tuple {@code (12345, "hello", [1.5, 2.5])}
     * 100,000 times while a child gets them; in Java its most natural form, an immutable list
     * {@code List.of(12345, "hello", List.of(1.5, 2.5))}.
     */
    static Result queueObjectsThroughput() throws Exception {
        Object obj = List.of(12345, "hello", List.of(1.5, 2.5));
        return drained(i -> obj);
    }

    /** The parent puts {@code item(i)} for 100,000 values of i while a child gets them (Python's {@code drain}). */
    private static Result drained(java.util.function.IntFunction<Object> item) throws Exception {
        org.multiprocessing4j.queues.Queue<Object> q = CTX.queue();
        int n = 100000;
        Process p = CTX.process(() -> {
            for (int i = 0; i < n; i++) {
                q.get();
            }
        });
        p.start();
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            q.put(item.apply(i));
        }
        p.join();
        double seconds = (System.nanoTime() - t) / 1e9;
        p.close();
        q.close();
        return new Result(n / seconds, "msgs/s");
    }

    /** Python's {@code lock_loop(lock, n)}: acquire and release, {@code n} times. */
    static void lockLoop(Lock lock, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            lock.acquire();
            lock.release();
        }
    }

    /** {@code lock_uncontended}: one acquire+release of a process-shared lock nobody else wants. */
    static Result lockUncontended() throws Exception {
        Lock lock = new Lock();
        lockLoop(lock, 10000);
        return new Result(perOp(n -> lockLoop(lock, n), 200000) * 1e9, "ns");
    }

    /** {@code lock_contended}: two children acquire and release the same lock 50000 times each. */
    static Result lockContended() throws Exception {
        Lock lock = new Lock();
        int n = 50000;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(CTX.process(() -> lockLoop(lock, n)));
        }
        long t = System.nanoTime();
        for (Process p : ps) {
            p.start();
        }
        for (Process p : ps) {
            p.join();
        }
        double v = (double) (System.nanoTime() - t) / (2 * n);
        for (Process p : ps) {
            p.close();
        }
        return new Result(v, "ns");
    }

    /** {@code value_locked_increment}: {@code with v.get_lock(): v.value += 1} on a shared int. */
    static Result valueLockedIncrement() throws Exception {
        Value<Integer> v = new Value<>("i", 0);
        Op run = n -> {
            java.util.concurrent.locks.Lock lock = v.getLock();
            for (int i = 0; i < n; i++) {
                lock.lock();
                try {
                    v.set(v.get() + 1);
                } finally {
                    lock.unlock();
                }
            }
        };
        run.run(1000);
        return new Result(perOp(run, 100000) * 1e9, "ns");
    }

    /** Python's {@code square}. */
    static int square(int x) {
        return x * x;
    }

    /**
     * The pool workloads' functions, made once as Python's are made by {@code def} at import:
     * the first evaluation of a method reference links its call site (a class is spun, about a
     * millisecond in a cold JVM), which CPython's measured regions do not contain. In a class of
     * their own, not in {@link Bench}'s initialiser: every child initialises the class its target
     * was written in, and a serializable reference's class is spun in each JVM that makes it
     * (the JDK archives no serializable lambda), where Python's {@code def} costs its import
     * nothing.
     */
    static final class Functions {
        static final SerializableFunction<Integer, Integer> SQUARE = Bench::square;
        static final SerializableFunction<Integer, Integer> COUNT_PRIMES = Demo::countPrimes;

        private Functions() {
        }
    }

    /** Python's {@code range(n)}, lazy as Python's is: {@code pool.map(square, range(100000))}. */
    private static List<Integer> range(int n) {
        return Range.of(n);
    }

    /** {@code pool_map_small}: a map of 100000 squares over 2 workers, default chunksize. */
    static Result poolMapSmall() throws Exception {
        try (Pool pool = CTX.pool(2)) {
            pool.map(Functions.SQUARE, range(1000));
            long t = System.nanoTime();
            pool.map(Functions.SQUARE, range(100000));
            return new Result(100000 / ((System.nanoTime() - t) / 1e9), "tasks/s");
        }
    }

    /** What makes a row's pool: this machine's ({@link #CTX}) or the cluster's ({@link ClusterRows}). */
    @FunctionalInterface
    interface PoolMaker {
        Pool make() throws Exception;
    }

    /** {@code pool_apply_latency}: one blocking apply after another. */
    static Result poolApplyLatency() throws Exception {
        return applyLatency(() -> CTX.pool(2));
    }

    static Result applyLatency(PoolMaker maker) throws Exception {
        try (Pool pool = maker.make()) {
            pool.map(Functions.SQUARE, range(10));
            Op run = n -> {
                for (int i = 0; i < n; i++) {
                    pool.apply(Functions.SQUARE, i);
                }
            };
            return new Result(perOp(run, 2000) * 1e6, "us");
        }
    }

    /** {@code pool_cpu_bound}'s work list: count_primes(n) sixteen times, n = 20000 there. */
    private static List<Integer> cpuBoundWork(int n) {
        List<Integer> work = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            work.add(n);
        }
        return work;
    }

    /** The work done serially in this JVM: its results, and the seconds it took in {@code seconds[0]}. */
    private static List<Integer> serially(List<Integer> work, double[] seconds) {
        long t = System.nanoTime();
        List<Integer> results = new ArrayList<>();
        for (int n : work) {
            results.add(Demo.countPrimes(n));
        }
        seconds[0] = (System.nanoTime() - t) / 1e9;
        return results;
    }

    /** {@code pool_cpu_bound}: count_primes(20000) sixteen times, serially and over 2 workers. */
    static Result poolCpuBound() throws Exception {
        return cpuBound(20000, false);
    }

    /**
     * Java only: {@code pool_cpu_bound} once the JIT has compiled count_primes, in this JVM (the
     * serial run) and in the workers (an untimed map first) — the speedup of long-running work.
     */
    static Result poolCpuBoundWarm() throws Exception {
        return cpuBound(20000, true);
    }

    /**
     * Java only: {@code pool_cpu_bound} with count_primes(320000), which takes this JVM about as
     * long as count_primes(20000) takes CPython (30-35 ms): the same work per task in time.
     */
    static Result poolCpuBound320k() throws Exception {
        return cpuBound(320000, false);
    }

    private static Result cpuBound(int n, boolean warm) throws Exception {
        return cpuBound(n, warm, () -> CTX.pool(2));
    }

    static Result cpuBound(int n, boolean warm, PoolMaker maker) throws Exception {
        List<Integer> work = cpuBoundWork(n);
        double[] serialSeconds = new double[1];
        List<Integer> serial = serially(work, serialSeconds);
        if (warm) {
            serial = serially(work, serialSeconds);
        }
        try (Pool pool = maker.make()) {
            pool.map(Functions.SQUARE, range(10));
            if (warm) {
                pool.map(Functions.COUNT_PRIMES, work);
            }
            long t = System.nanoTime();
            List<Integer> parallel = pool.map(Functions.COUNT_PRIMES, work);
            double tPool = (System.nanoTime() - t) / 1e9;
            if (!parallel.equals(serial)) {
                throw new AssertionError("pool_cpu_bound: " + parallel + " != " + serial);
            }
            return new Result(serialSeconds[0] / tPool, "x speedup");
        }
    }

    /** How long background work of one workload (spares booting) is given to end before the next. */
    private static final long SETTLE_MILLIS = 2000;

    /** {@code manager_dict_set}: {@code d[i] = i} on a managed dict, one call to the manager's process each. */
    static Result managerDictSet() throws Exception {
        return dictSet(100);
    }

    /** {@code manager_dict_set} once both JVMs compiled the call's path (Java only): 20000 calls first. */
    static Result managerDictSetWarm() throws Exception {
        return dictSet(20000);
    }

    private static Result dictSet(int warmUp) throws Exception {
        try (SyncManager manager = Multiprocessing.manager()) {
            DictProxy<Integer, Integer> d = manager.dict();
            Op run = n -> {
                for (int i = 0; i < n; i++) {
                    d.setItem(i, i);
                }
            };
            run.run(warmUp);
            return new Result(perOp(run, 5000) * 1e6, "us");
        }
    }

    /** In the child of {@code manager_queue_roundtrip}: echoes items from one managed queue to the other until null. */
    private static void echo(QueueProxy<Object> in, QueueProxy<Object> out) {
        for (Object item = in.get(); item != null; item = in.get()) {
            out.put(item);
        }
    }

    /**
     * {@code manager_queue_roundtrip}: the parent puts an int into a managed queue, a child
     * takes it and puts it into a second one, the parent gets it back; time per item.
     */
    static Result managerQueueRoundtrip() throws Exception {
        try (SyncManager manager = Multiprocessing.manager()) {
            QueueProxy<Object> in = manager.queue();
            QueueProxy<Object> out = manager.queue();
            Process child = CTX.process(() -> echo(in, out));
            child.start();
            Op run = n -> {
                for (int i = 0; i < n; i++) {
                    in.put(i);
                    out.get();
                }
            };
            run.run(100);
            double value = perOp(run, 2000) * 1e6;
            in.put(null);
            child.join();
            child.close();
            return new Result(value, "us");
        }
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--only" -> only.add(args[++i]);
                case "--list" -> {
                    Registry.WORKLOADS.keySet().forEach(System.out::println);
                    return;
                }
                default -> {
                    System.err.println("usage: Bench [--json] [--only NAME]... | --list");
                    System.exit(2);
                }
            }
        }
        for (String name : only) {
            if (!Registry.WORKLOADS.containsKey(name)) {
                System.err.println("not implemented in Java: " + name);
                System.exit(2);
            }
        }
        Map<String, Result> out = new LinkedHashMap<>();
        try {
            runAll(only, json, out);
        } finally {
            ClusterRows.stop();
        }
        if (json) {
            System.out.println(toJson(out));
        }
    }

    private static void runAll(List<String> only, boolean json, Map<String, Result> out) throws Exception {
        boolean first = true;
        for (Map.Entry<String, Workload> workload : Registry.WORKLOADS.entrySet()) {
            String name = workload.getKey();
            if (!only.isEmpty() && !only.contains(name)) {
                continue;
            }
            if (!first) {
                // The spare JVMs the previous workload's starts set booting take both cores for
                // a while: let them finish, so each workload measures itself alone, as each
                // CPython workload does. Idle spares stay, as they would in a program.
                Thread.sleep(SETTLE_MILLIS);
            }
            first = false;
            Result result = workload.getValue().run();
            out.put(name, result);
            if (!json) {
                System.out.printf(Locale.ROOT, "%-26s %14.2f %s%n", name, result.value(), result.unit());
                System.out.flush();
            }
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
