package org.multiprocessing4j.cluster;

import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;

/**
 * Closes {@link Cluster#shared()}, or the client a child attached for a queue it was handed
 * ({@link Cluster#attached}), once the program is otherwise done. Hazelcast's threads are not
 * daemons, so a JVM whose main returned with the shared cluster open would never exit, and its
 * exit actions (which close the cluster) would never run: this daemon looks every 200 ms for a
 * live non-daemon thread that is not Hazelcast's ({@code hz.} names them all) and closes the
 * cluster when there is none, as CPython's interpreter ends its own helpers at exit. In a child
 * the main thread that waits for the others once the target returned does not count
 * ({@code Threads.isEnding}).
 */
final class ExitWatch {
    private static final LazyLogger LOG = Log.of("cluster");
    private static final long PERIOD_MILLIS = 200;
    /** The thread that waits for the last non-daemon thread once main returned (HotSpot's launcher). */
    private static final String LAUNCHER_WAIT = "DestroyJavaVM";

    private ExitWatch() {
    }

    /** Watches for the end of the program, to close {@code cluster} then. */
    static void start(Cluster cluster) {
        Threads.daemon("cluster-exit-watch", () -> {
            try {
                while (!cluster.isClosed()) {
                    Thread.sleep(PERIOD_MILLIS);
                    if (onlyHazelcastKeepsThisJvm()) {
                        LOG.debug("the program is done: closing {}", cluster);
                        cluster.close();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
    }

    private static boolean onlyHazelcastKeepsThisJvm() {
        return Threads.all().stream().noneMatch(thread -> thread.isAlive() && !thread.isDaemon()
                && !thread.getName().startsWith("hz.") && !thread.getName().equals(LAUNCHER_WAIT)
                && !Threads.isEnding(thread));
    }
}
