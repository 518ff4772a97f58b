package org.multiprocessing4j;


import org.multiprocessing4j.internal.runtime.Finalizers;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.spawn.ChildLauncher;
import org.multiprocessing4j.internal.platform.ProcessIds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-JVM state of Python's {@code multiprocessing.process} module: the current process,
 * the counter behind child names, the set of started children, and the exit function that
 * terminates daemonic children and joins the others when the JVM exits.
 */
final class ProcessTable {
    private static final long PID = ProcessIds.current();
    private static final AtomicInteger COUNTER = new AtomicInteger(1);
    private static final Set<Process> CHILDREN = new LinkedHashSet<>();
    private static volatile Process current;
    private static volatile Process parent;
    private static boolean exitHookInstalled;

    private ProcessTable() {
    }

    private static Process mainProcess() {
        return new Process(CurrentProcess.name(), new int[0], false, 0, null, CurrentProcess.authKey());
    }

    static long pid() {
        return PID;
    }

    /** The current process; in the main process made on first use, so a child never pays for it. */
    static Process current() {
        Process process = current;
        if (process == null) {
            synchronized (ProcessTable.class) {
                if (current == null) {
                    current = mainProcess();
                }
                process = current;
            }
        }
        return process;
    }

    static Process parent() {
        return parent;
    }

    static int[] nextIdentity() {
        int[] base = current().identity();
        int[] identity = java.util.Arrays.copyOf(base, base.length + 1);
        identity[base.length] = COUNTER.getAndIncrement();
        return identity;
    }

    /** Makes {@code process} the current process of this (child) JVM. */
    static void becomeChild(Process process, byte[] authKey) {
        process.restoreInChild(authKey);
        CurrentProcess.setName(process.getName());
        CurrentProcess.setAuthKey(authKey);
        current = process;
        parent = new ParentProcess(process.parentName(), process.parentPid(), authKey);
        synchronized (CHILDREN) {
            CHILDREN.clear();
        }
        COUNTER.set(1);
    }

    static void addChild(Process process) {
        synchronized (CHILDREN) {
            CHILDREN.add(process);
            if (!exitHookInstalled) {
                exitHookInstalled = true;
                // Loaded now rather than at exit: exec:java, or a container that ends an
                // application, closes the class loader of the program's classes before the JVM's
                // shutdown runs the hook (a NoClassDefFoundError then).
                Finalizers.exiting();
                Threads.atExit("exit", ProcessTable::exitFunction);
            }
        }
    }

    static void discard(Process process) {
        synchronized (CHILDREN) {
            CHILDREN.remove(process);
        }
    }

    /** Forgets the children that have ended: Python's {@code _cleanup}. */
    static void cleanup() {
        synchronized (CHILDREN) {
            CHILDREN.removeIf(Process::hasEnded);
        }
    }

    static List<Process> activeChildren() {
        cleanup();
        synchronized (CHILDREN) {
            return new ArrayList<>(CHILDREN);
        }
    }

    /**
     * Python's {@code util._exit_function}: run the exit actions (pools stop their workers),
     * terminate daemonic children, join the others. A process object its owner closed meanwhile
     * (a pool buries its workers from its own thread) has nothing left to do.
     */
    static void exitFunction() {
        Log.lifecycle("process shutting down");
        Finalizers.runAll();
        ChildLauncher.discardSpares();
        List<Process> children = activeChildren();
        for (Process p : children) {
            if (p.isDaemon()) {
                Log.lifecycle("calling terminate() for daemon {}", p.getName());
                ifStillOpen(p::terminate);
            }
        }
        for (Process p : children) {
            Log.lifecycle("calling join() for process {}", p.getName());
            try {
                p.joinUnlessClosed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void ifStillOpen(Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException closedMeanwhile) {
            // Closed by its owner after the list was taken: it has ended.
        }
    }
}
