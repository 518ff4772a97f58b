package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.runtime.ShutdownRegistry;
import org.multiprocessing4j.internal.runtime.Trace;

/**
 * The last part of a child's end: once the JDK's shutdown has run the shutdown hooks (the
 * user's and the library's) and deleted the {@code deleteOnExit} files, the process ends with
 * {@code _exit}, as a forkserver child of CPython ends with {@code os._exit}, rather than
 * through the JVM's teardown.
 *
 * <p>That teardown waits, at its last safepoint and in 10 ms steps, for every thread in native
 * code: up to 300 ms for one blocked reading a connection (measured: a child whose thread waits
 * in {@code recv()} took 320-365 ms from its last message to {@code join()}), and as long as it
 * takes for a compiler thread to finish what it compiles, which a child that ends right after
 * a hot loop meets (a {@code lock_contended} child's JVM took 16-25 ms to end, against 2 ms for
 * one that had compiled nothing). Nothing of the JVM's that a child relies on happens there: its
 * output is flushed by then and its hooks have run.
 *
 * <p>The runnable that ends the process sits in the JDK's last system-hook slot
 * ({@link ShutdownRegistry#runLast}), put there ahead of time ({@link #prepare}, in a spare's
 * warm-up), so that arming it at the end costs nothing; unarmed (a target that called
 * {@code System.exit}, a spare ended unused) it lets the JVM end its own way. Not armed in a
 * child that never loaded the native layer (it would have to load it for {@code _exit}), when
 * the JVM is recording a class-data archive or an ahead-of-time cache (they are written in the
 * teardown), when {@code multiprocessing4j.childExit=jvm} asks for the JVM's own way (a profiler
 * that writes at the JVM's death, say), or where the JDK's table of hooks cannot be written.
 */
final class QuickExit {
    /** The system property that turns the quick exit off with {@code jvm}. */
    static final String PROPERTY = "multiprocessing4j.childExit";
    private static final int UNARMED = Integer.MIN_VALUE;
    private static volatile int armedCode = UNARMED;
    private static boolean prepared;
    private static boolean placed;

    private QuickExit() {
    }

    /** Puts the end into the JDK's last hook slot, once; whether it is there. */
    static synchronized boolean prepare() {
        if (!prepared) {
            prepared = true;
            placed = ShutdownRegistry.runLast(QuickExit::endIfArmed);
            if (placed) {
                Platform.processes().prepareExitForParent();
            }
        }
        return placed;
    }

    /**
     * Makes the shutdown that follows end this process with {@code code} once its hooks have
     * run; false if it stays the JVM's own.
     */
    static boolean arm(int code) {
        if ("jvm".equals(System.getProperty(PROPERTY)) || Boolean.getBoolean(ClassDataSharing.RECORDING_PROPERTY)
                || !Platform.isLoaded() || !prepare()) {
            return false;
        }
        armedCode = code;
        return true;
    }

    private static void endIfArmed() {
        int code = armedCode;
        if (code == UNARMED) {
            return;
        }
        System.out.flush();
        System.err.flush();
        Trace.mark("hooks");
        Trace.flush();
        Platform.processes().exitNowForParent(code, ParentWatch.parentPid());
    }
}
