package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.platform.ProcessIds;

import java.io.IOException;

/**
 * Tells a child whether the parent that started it is still alive, and makes a daemonic child
 * halt within a fraction of a second once it is not, so that a parent killed by SIGKILL leaves
 * no daemonic orphan behind.
 *
 * <p>It also makes the parent's sentinel ({@link #parentSentinel}).
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
    /** The parent's sentinel once asked for; -1 before. */
    private static long sentinel = -1;
    /**
     * Where the system cannot watch the parent: the write end of the pipe whose read end is the
     * sentinel, closed by the watcher when the parent is gone; -1 when not used or closed.
     */
    private static long sentinelWriteEnd = -1;

    private ParentWatch() {
    }

    /** Watches {@code pid}; halts this JVM when it dies if {@code daemon}. Called again, updates both. */
    static synchronized void start(long pid, boolean daemon) {
        parentPid = pid;
        haltWithParent = daemon;
        if (daemon) {
            startWatcher();
        }
    }

    /** The pid of the parent that started this child; -1 before {@link #start}. */
    static long parentPid() {
        return parentPid;
    }

    private static synchronized void startWatcher() {
        if (watcher != null) {
            return;
        }
        watcher = Threads.start("parent-watch", new Watcher());
    }

    /**
     * What the watcher runs: a class, not a lambda, as every callback on a plain child's way is
     * (docs/ARCHITECTURE.md, "A plain child links no lambda").
     */
    private static final class Watcher implements Runnable {
        @Override
        public void run() {
            try {
                while (true) {
                    Thread.sleep(POLL_MILLIS);
                    if (!isParentAlive()) {
                        parentGone();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void parentGone() {
        if (haltWithParent) {
            Runtime.getRuntime().halt(ChildMain.EXIT_PARENT_GONE);
        }
        synchronized (ParentWatch.class) {
            if (sentinelWriteEnd >= 0) {
                Platform.descriptors().close(sentinelWriteEnd);
                sentinelWriteEnd = -1;
            }
        }
    }

    /**
     * A handle that becomes ready when the parent ends, for {@link Descriptors#waitReady}: Python's
     * {@code parent_process().sentinel}. Made on the first call and kept for the life of this
     * JVM. Where the system can watch any process (Linux 5.3+, Windows) it is ready the moment
     * the parent ends; elsewhere it is a pipe that the watcher thread ends within
     * {@value #POLL_MILLIS} ms of the parent's end. A parent already gone gives a ready handle.
     *
     * @throws IllegalStateException if this JVM was not started by multiprocessing4j
     */
    public static synchronized long parentSentinel() throws IOException {
        if (sentinel >= 0) {
            return sentinel;
        }
        if (parentPid < 0) {
            throw new IllegalStateException("this process has no parent started it through multiprocessing4j");
        }
        Descriptors descriptors = Platform.descriptors();
        long handle;
        try {
            handle = Platform.processes().exitHandle(parentPid);
            if (!isParentAlive()) {
                // The parent ended before the handle was made: the pid may name another process now.
                descriptors.close(handle);
                handle = endedHandle(descriptors);
            }
        } catch (UnsupportedOperationException cannotWatch) {
            long[] pipe = descriptors.pipe();
            handle = pipe[0];
            if (isParentAlive()) {
                sentinelWriteEnd = pipe[1];
                startWatcher();
            } else {
                descriptors.close(pipe[1]);
            }
        } catch (IOException noSuchProcess) {
            handle = endedHandle(descriptors);
        }
        sentinel = handle;
        return handle;
    }

    /** A handle that is ready already: a pipe at its end. */
    private static long endedHandle(Descriptors descriptors) throws IOException {
        long[] pipe = descriptors.pipe();
        descriptors.close(pipe[1]);
        return pipe[0];
    }

    /** Whether this JVM was started by multiprocessing4j and its parent is still alive. */
    public static boolean isParentAlive() {
        long expected = parentPid;
        if (expected < 0) {
            return false;
        }
        return ProcessIds.parent() == expected;
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
