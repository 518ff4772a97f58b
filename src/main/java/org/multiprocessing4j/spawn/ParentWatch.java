package org.multiprocessing4j.spawn;

import java.util.Optional;

/**
 * Tells a child whether the parent that started it is still alive, and makes a daemonic child
 * halt within a fraction of a second once it is not, so that a parent killed by SIGKILL leaves
 * no daemonic orphan behind.
 *
 * <p>A parent is gone when this process's parent is no longer that pid: POSIX re-parents an
 * orphan (to init or a subreaper), and on Windows {@link ProcessHandle#parent()} is empty once
 * the parent has exited. The check is polled from a sleeping thread rather than made by a
 * blocking read of the boot pipe, because the JVM waits 300 ms at exit for any thread that sits
 * in a native read, and that would be paid by every child.
 */
public final class ParentWatch {
    private static final long POLL_MILLIS = 100;
    private static volatile long parentPid = -1;
    private static volatile boolean haltWithParent;
    private static Thread watcher;

    private ParentWatch() {
    }

    /** Watches {@code pid}; halts this JVM when it dies if {@code daemon}. Called again, updates both. */
    static synchronized void start(long pid, boolean daemon) {
        parentPid = pid;
        haltWithParent = daemon;
        if (!daemon || watcher != null) {
            return;
        }
        watcher = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(POLL_MILLIS);
                    if (haltWithParent && !isParentAlive()) {
                        Runtime.getRuntime().halt(ChildMain.EXIT_PARENT_GONE);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mp4j-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Whether this JVM was started by multiprocessing4j and its parent is still alive. */
    public static boolean isParentAlive() {
        long expected = parentPid;
        if (expected < 0) {
            return false;
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        return parent.isPresent() && parent.get().pid() == expected;
    }

    /** Waits at most {@code millis} (negative: for ever) for the parent to end. */
    public static boolean awaitParentExit(long millis) throws InterruptedException {
        long deadline = millis < 0 ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000L;
        while (isParentAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000L)));
        }
        return true;
    }
}
