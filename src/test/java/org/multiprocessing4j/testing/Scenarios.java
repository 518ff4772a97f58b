package org.multiprocessing4j.testing;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.WorkerDiedException;
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
            case "missing-class":
                runChild(Multiprocessing.context().withClassPath(classPathWithout(Scenarios.class)).process(() -> { }));
                break;
            case "exit":
                startChildrenAndReturn(args[1]);
                break;
            case "log-session":
                // The reference texts' logging session, then a child.
                Multiprocessing.logToStderr(Level.INFO);
                Multiprocessing.getLogger().warn("doomed");
                Multiprocessing.getLogger().error(Multiprocessing.CRITICAL, "the sky is falling");
                runChild(new Process(() -> { }));
                break;
            case "log-format":
                Multiprocessing.logToStderr(Level.INFO, "%(levelname)s:%(processName)s:(%(name)s) %(message)s 100%%");
                runChild(new Process(() -> Multiprocessing.getLogger().warn("from the child")));
                break;
            case "exit-with-pool":
                exitWithAPoolOpen();
                break;
            case "exit-after-start":
                // A child holding a lock: the spares booted after it warm up the native layer.
                org.multiprocessing4j.sync.Lock lock = new org.multiprocessing4j.sync.Lock();
                runChild(new Process(() -> {
                    lock.acquire();
                    lock.release();
                }));
                System.exit(0);
                break;
            case "child-output":
                childOutput();
                break;
            case "spares-then-return":
            case "spares-then-exit":
            case "spares-then-wait":
                sparesThen(args[0].substring("spares-then-".length()));
                break;
            case "spares-adapt":
                sparesAdapt();
                break;
            case "spares-wait-for-room":
                sparesWaitForRoom();
                break;
            case "native-children":
                nativeChildren();
                break;
            case "spares-for-a-pair":
                sparesForAPair();
                break;
            case "spares-stream":
                sparesStream();
                break;
            case "plain-children-lambdas":
                plainChildrenLambdas(args[1]);
                break;
            case "pool-worker-dies":
                Multiprocessing.logToStderr(Level.WARN);
                killAPoolWorker();
                break;
            default:
                throw new IllegalArgumentException("no scenario " + args[0]);
        }
    }

    /**
     * Runs three no-op children one after the other, each logging the classes it loads into
     * {@code logs} (a path relative to the working directory: -Xlog splits its argument at
     * colons, so a Windows path with a drive letter would not do), the later two handed to
     * spares booted for these settings, and prints a line per child:
     * {@code child N exit=C spare=true|false}, then the library's lambda classes it loaded, one a
     * line, indented. A program that has used nothing else of the library, so that its spares
     * warm up for nothing else.
     */
    private static void plainChildrenLambdas(String logsDir) throws Exception {
        java.nio.file.Path logs = java.nio.file.Files.createDirectories(java.nio.file.Path.of(logsDir));
        Context context = Multiprocessing.context().withJvmOptions(
                java.util.List.of("-Xmx128m", "-Xlog:class+load=info:file=" + logs.resolve("classes-%p.log")));
        for (int i = 0; i < 3; i++) {
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (i > 0 && System.nanoTime() < deadline && org.multiprocessing4j.internal.spawn.Spares.bootedPids().stream()
                    .noneMatch(pid -> java.nio.file.Files.exists(logs.resolve("classes-" + pid + ".log")))) {
                Thread.sleep(20);
            }
            java.util.Set<Long> ready = org.multiprocessing4j.internal.spawn.Spares.bootedPids();
            Process p = context.process(() -> { });
            p.start();
            p.join();
            boolean spare = ready.contains(p.getPid());
            java.util.List<String> lines = java.nio.file.Files.readAllLines(logs.resolve("classes-" + p.getPid() + ".log"));
            System.out.println("child " + i + " exit=" + p.getExitCode() + " spare=" + spare);
            lines.stream().filter(l -> l.contains("org.multiprocessing4j.") && l.contains("$$Lambda"))
                    .forEach(l -> System.out.println("  " + l));
            p.close();
        }
    }

    /**
     * Starts a daemonic child that sleeps for ever and a non-daemonic one that sleeps 0.5 s and
     * then writes {@code dir/done}, prints their pids and returns from main: the JVM's exit must
     * terminate the first and wait for the second.
     */
    private static void startChildrenAndReturn(String dir) {
        Process daemon = new Process(() -> Thread.sleep(Long.MAX_VALUE), null, true);
        Process worker = new Process(() -> {
            Thread.sleep(500);
            Handoff.write(dir + "/done", "done");
        }, null, false);
        daemon.start();
        worker.start();
        System.out.println("pids " + daemon.getPid() + " " + worker.getPid());
    }

    /**
     * Children that print on both streams without a newline and end at once, each in another
     * way: returning, with System.out made a buffered stream never flushed, by
     * System.exit(4), by throwing. Nothing they printed may be lost.
     */
    private static void childOutput() throws InterruptedException {
        runChild(new Process(() -> {
            System.out.print("[out-return]");
            System.err.print("[err-return]");
        }));
        runChild(new Process(() -> {
            System.setOut(new java.io.PrintStream(new java.io.BufferedOutputStream(
                    new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false));
            System.setErr(new java.io.PrintStream(new java.io.BufferedOutputStream(
                    new java.io.FileOutputStream(java.io.FileDescriptor.err), 1 << 16), false));
            System.out.print("[out-buffered]");
            System.err.print("[err-buffered]");
        }));
        runChild(new Process(() -> {
            System.setOut(new java.io.PrintStream(new java.io.BufferedOutputStream(
                    new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false));
            System.out.print("[out-exit]");
            System.err.print("[err-exit]");
            System.exit(4);
        }));
        runChild(new Process(() -> {
            System.out.print("[out-throw]");
            System.out.flush();
            System.err.print("[err-throw]");
            throw new IllegalStateException("thrown after printing");
        }));
    }

    /**
     * Runs a child holding a lock (so that spares warm up the native layer), waits until spare
     * JVMs are idle, prints their pids ({@code spares 12 13}) and ends: by returning, by
     * System.exit(0), or by waiting to be killed ({@code wait}).
     */
    private static void sparesThen(String how) throws InterruptedException {
        org.multiprocessing4j.sync.Lock lock = new org.multiprocessing4j.sync.Lock();
        runChild(new Process(() -> {
            lock.acquire();
            lock.release();
        }));
        long deadline = System.nanoTime() + 30_000_000_000L;
        java.util.Set<Long> spares = org.multiprocessing4j.internal.spawn.Spares.pids();
        while (spares.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            spares = org.multiprocessing4j.internal.spawn.Spares.pids();
        }
        StringBuilder line = new StringBuilder("spares");
        spares.forEach(pid -> line.append(' ').append(pid));
        System.out.println(line);
        System.out.flush();
        if (how.equals("exit")) {
            System.exit(0);
        } else if (how.equals("wait")) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /**
     * With every processor of the system kept busy by spinning threads, a spare that replaces
     * one just taken must not boot before {@code multiprocessing4j.spareBootWaitMillis} (set by
     * the test), and must boot then all the same. Prints {@code held <ms>} (how long the pool
     * of spares stayed empty after the start) or {@code early <ms>}.
     */
    private static void sparesWaitForRoom() throws Exception {
        runQuietly(new Process(() -> { }));
        // Ready, not only there: a start that finds its spare still booting boots the next at once.
        awaitSpare(org.multiprocessing4j.internal.spawn.Spares::bootedPids, 30_000);
        int processors = ProcFs.systemProcessors();
        java.util.concurrent.atomic.AtomicBoolean spin = new java.util.concurrent.atomic.AtomicBoolean(true);
        for (int i = 0; i < processors; i++) {
            Thread spinner = new Thread(() -> {
                while (spin.get()) {
                    Thread.onSpinWait();
                }
            });
            spinner.setDaemon(true);
            spinner.start();
        }
        Thread.sleep(200);
        runQuietly(new Process(() -> { }));
        long joined = System.nanoTime();
        long held = awaitSpare(org.multiprocessing4j.internal.spawn.Spares::pids, 20_000) - joined;
        spin.set(false);
        System.out.println((held >= 1_500_000_000L ? "held " : "early ") + held / 1_000_000);
    }

    private static void runQuietly(Process p) throws InterruptedException {
        p.start();
        p.join();
        p.close();
    }

    /** Waits until {@code spares} names one and returns {@link System#nanoTime()} then. */
    private static long awaitSpare(java.util.function.Supplier<java.util.Set<Long>> spares, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (spares.get().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no spare JVM " + millis + " ms after a start");
            }
            Thread.sleep(10);
        }
        return System.nanoTime();
    }

    /**
     * Starts six children back to back, faster than spares boot, and prints how many spares are
     * wanted then ({@code burst N}); then, after four idle seconds, how many are wanted and idle
     * ({@code idle N M}). Run with a short spareShrinkSeconds.
     */
    private static void sparesAdapt() throws InterruptedException {
        org.multiprocessing4j.internal.spawn.LaunchSettings settings =
                org.multiprocessing4j.internal.spawn.LaunchSettings.inherited(ProcFs.WINDOWS ? "java.exe" : "java");
        // All started before any is joined, and counted then: faster than spares boot however
        // loaded the machine, and before a second spare idle for a second is let go again.
        java.util.List<Process> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Process p = new Process(() -> { });
            p.start();
            burst.add(p);
        }
        System.out.println("burst " + org.multiprocessing4j.internal.spawn.Spares.wanted(settings));
        for (Process p : burst) {
            p.join();
            p.close();
        }
        // Idle for at most four seconds: one is wanted and idle as soon as the pool has shrunk.
        long deadline = System.nanoTime() + 4_000_000_000L;
        int wanted;
        int idle;
        do {
            Thread.sleep(50);
            wanted = org.multiprocessing4j.internal.spawn.Spares.wanted(settings);
            idle = org.multiprocessing4j.internal.spawn.Spares.pids().size();
        } while ((wanted != 1 || idle != 1) && System.nanoTime() < deadline);
        System.out.println("idle " + wanted + " " + idle);
    }

    /**
     * Starts and joins plain children back to back, four unmeasured, then twelve; prints how many
     * of the twelve did not run in a spare that was idle when they were started ({@code direct N}).
     */
    private static void sparesStream() throws InterruptedException {
        int direct = 0;
        for (int i = 0; i < 16; i++) {
            java.util.Set<Long> idle = org.multiprocessing4j.internal.spawn.Spares.pids();
            Process p = new Process(() -> { });
            p.start();
            if (i >= 4 && !idle.contains(p.getPid())) {
                direct++;
            }
            p.join();
            p.close();
        }
        System.out.println("direct " + direct);
    }

    /**
     * A child given a pipe, then, once the spares that follow it have booted ({@code ready N}:
     * how many), two children holding a lock started at once; prints how many of the two ran in
     * one of those spares ({@code in spares N}) and their exit codes.
     */
    private static void sparesForAPair() throws Exception {
        org.multiprocessing4j.connection.Connection[] pipe = Multiprocessing.context().pipe(false);
        org.multiprocessing4j.connection.Connection writer = pipe[1];
        runChild(new Process(() -> {
            try {
                writer.sendBytes(new byte[] {1});
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        pipe[0].recvBytes();
        pipe[0].close();
        writer.close();
        // Under the 30 s after which an idle spare retires; each waits 10 s at most for a free processor.
        long deadline = System.nanoTime() + 25_000_000_000L;
        java.util.Set<Long> ready = org.multiprocessing4j.internal.spawn.Spares.bootedPids();
        while (ready.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            ready = org.multiprocessing4j.internal.spawn.Spares.bootedPids();
        }
        java.util.Set<Long> booted = ready;
        System.out.println("ready " + booted.size());
        org.multiprocessing4j.sync.Lock lock = new org.multiprocessing4j.sync.Lock();
        java.util.List<Process> pair = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            pair.add(new Process(() -> {
                lock.acquire();
                lock.release();
            }));
        }
        pair.forEach(Process::start);
        System.out.println("in spares " + pair.stream().filter(p -> booted.contains(p.getPid())).count());
        for (Process p : pair) {
            p.join();
            System.out.println("exitcode=" + p.getExitCode());
            p.close();
        }
    }

    /**
     * A child holding a lock (it loads the native layer), then, once spares warmed up for such
     * children are idle, a second one, which runs in a spare; prints both exit codes.
     */
    private static void nativeChildren() throws InterruptedException {
        org.multiprocessing4j.sync.Lock lock = new org.multiprocessing4j.sync.Lock();
        runChild(new Process(() -> {
            lock.acquire();
            lock.release();
        }));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (org.multiprocessing4j.internal.spawn.Spares.pids().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // Time for the spare to load the native layer while it waits, where it would warn.
        awaitNativeLayerInSpares(deadline);
        runChild(new Process(() -> {
            lock.acquire();
            lock.release();
        }));
    }

    /**
     * Returns once every idle spare has mapped JNA's native library (on Linux, where /proc shows
     * it: the warning of a restricted call comes before the library is mapped), a little later
     * for what else its warm-up does; elsewhere after three seconds.
     */
    private static void awaitNativeLayerInSpares(long deadline) throws InterruptedException {
        if (!ProcFs.LINUX) {
            Thread.sleep(3_000);
            return;
        }
        while (!org.multiprocessing4j.internal.spawn.Spares.pids().stream().allMatch(Scenarios::mapsJnaDispatch)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
    }

    private static boolean mapsJnaDispatch(long pid) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "maps"))
                    .contains("jnidispatch");
        } catch (IOException | RuntimeException gone) {
            return true; // no longer a spare: nothing of it to wait for
        }
    }

    /** Maps over a pool, prints its workers' pids and calls System.exit with the pool open. */
    private static void exitWithAPoolOpen() throws Exception {
        Pool pool = new Pool(2);
        System.out.println(pool.map((Integer x) -> x * 2, java.util.List.of(1, 2, 3)));
        System.out.println("workers " + pool.getWorkerPids());
        System.exit(0);
    }

    /** A pool whose only worker exits in the middle of a task: the pool logs a warning. */
    private static void killAPoolWorker() throws InterruptedException {
        try (Pool pool = new Pool(1)) {
            pool.apply(() -> {
                System.exit(3);
                return null;
            });
        } catch (java.util.concurrent.ExecutionException expected) {
            if (expected.getCause() instanceof WorkerDiedException) {
                System.out.println("worker died: " + expected.getCause().getMessage());
            }
        }
    }

    /** This JVM's class path without the entry that holds {@code type} (the test classes). */
    private static String classPathWithout(Class<?> type) throws Exception {
        String location = java.nio.file.Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !java.nio.file.Path.of(e).toAbsolutePath().toString().equals(location))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
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
