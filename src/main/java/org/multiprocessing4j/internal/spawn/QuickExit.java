package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.runtime.ShutdownRegistry;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.internal.runtime.Trace;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last part of a child's end: once the JDK's shutdown has run the shutdown hooks (the
 * user's and the library's), the process ends with {@code _exit}, as a forkserver child of
 * CPython ends with {@code os._exit}, rather than through the JVM's teardown.
 *
 * <p>That teardown waits, at its last safepoint, 300 ms for any thread in native code, such as
 * one blocked reading a connection (measured: a child whose thread waits in {@code recv()}
 * took 320-365 ms from its last message to {@code join()}). Nothing of the JVM's that a child
 * relies on happens there: its output is flushed by then and its hooks have run.
 *
 * <p>So it is taken only where a thread other than the ending one is in native code when the
 * target is done: without one, the JVM's own end measured as fast or faster (child_exit_join,
 * four interleaved pairs under load: 33-44 ms against 43-69 ms), and a child that never loaded
 * the native layer would have to load it for {@code _exit}. Nor when the JVM is recording a class-data archive or an ahead-of-time cache (they
 * are written in the teardown), when {@code multiprocessing4j.childExit=jvm} asks for the
 * JVM's own way (a profiler that writes at the JVM's death, say), or where the JDK's registry
 * of hooks cannot be read ({@link ShutdownRegistry}).
 */
final class QuickExit {
    /** The system property that turns the quick exit off with {@code jvm}. */
    static final String PROPERTY = "multiprocessing4j.childExit";
    /** How long a hook the shutdown has not started yet is waited for: it starts them all at once. */
    private static final long START_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private QuickExit() {
    }

    /**
     * Makes the shutdown that follows end this process with {@code code} once its hooks have
     * run; false if it stays the JVM's own.
     */
    static boolean arm(int code) {
        if ("jvm".equals(System.getProperty(PROPERTY)) || Boolean.getBoolean(ClassDataSharing.RECORDING_PROPERTY)
                || !Platform.isLoaded() || !anotherThreadInNativeCode()) {
            return false;
        }
        // The child's own hooks are registered by now, so the JDK's table exists.
        ShutdownRegistry registry = ShutdownRegistry.open();
        if (registry == null) {
            return false;
        }
        try {
            Runtime.getRuntime().addShutdownHook(Threads.hook("child-exit", () -> afterTheOtherHooks(registry, code)));
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /**
     * Whether a thread of the application or the library, other than this one, runs native code
     * (a read of a connection or a socket, a wait on a descriptor): the JVM's teardown would
     * wait 300 ms for it. The JDK's own threads (the system thread group's, and its innocuous
     * threads) wait in the VM, which the teardown does not wait for.
     */
    private static boolean anotherThreadInNativeCode() {
        Thread self = Thread.currentThread();
        ThreadGroup root = Threads.rootGroup();
        for (Thread t : Threads.all()) {
            if (t == self || t.getThreadGroup() == root || t.getState() != Thread.State.RUNNABLE
                    || t.getClass().getName().startsWith("jdk.internal.")) {
                continue;
            }
            StackTraceElement[] stack = t.getStackTrace();
            if (stack.length > 0 && stack[0].isNativeMethod()) {
                return true;
            }
        }
        return false;
    }

    private static void afterTheOtherHooks(ShutdownRegistry registry, int code) {
        for (Thread hook : registry.hooks()) {
            if (hook != Thread.currentThread()) {
                awaitEnd(hook);
            }
        }
        List<String> files = new ArrayList<>(registry.deleteOnExitFiles());
        // In the JDK's order: the last registered first, so that a directory goes after its files.
        Collections.reverse(files);
        for (String file : files) {
            new File(file).delete();
        }
        System.out.flush();
        System.err.flush();
        Trace.mark("hooks");
        Trace.flush();
        Platform.processes().exitNow(code);
    }

    /** Waits until {@code hook} has run, as the JDK's shutdown does; interrupts are kept for later. */
    private static void awaitEnd(Thread hook) {
        long deadline = System.nanoTime() + START_WAIT_NANOS;
        while (hook.getState() == Thread.State.NEW && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        while (hook.isAlive()) {
            try {
                hook.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
