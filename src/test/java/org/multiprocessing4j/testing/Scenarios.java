package org.multiprocessing4j.testing;

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
            case "log":
                Multiprocessing.logToStderr(Level.INFO);
                runChild(new Process(() -> { }));
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
            case "pool-worker-dies":
                Multiprocessing.logToStderr(Level.WARN);
                killAPoolWorker();
                break;
            default:
                throw new IllegalArgumentException("no scenario " + args[0]);
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
