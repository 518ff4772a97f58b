package org.multiprocessing4j.spawn;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches, in a child, the boot pipe that the parent keeps open for the child's whole life:
 * end of stream means the parent is gone. A daemonic child then halts at once, so that a
 * parent killed by SIGKILL leaves no daemonic orphan behind.
 */
public final class ParentWatch {
    private static final CountDownLatch PARENT_GONE = new CountDownLatch(1);
    private static volatile boolean watching;
    private static volatile boolean exiting;

    private ParentWatch() {
    }

    static void start(BootChannel bootPipe, boolean daemon) {
        watching = true;
        Thread watcher = new Thread(() -> {
            InputStream in = bootPipe.input();
            try {
                while (in.read() >= 0) {
                    // The parent sends nothing after the boot data; keep reading until it is gone.
                }
            } catch (IOException ignored) {
                // A broken pipe means the same as end of stream.
            }
            if (exiting) {
                return;
            }
            PARENT_GONE.countDown();
            if (daemon) {
                Runtime.getRuntime().halt(ChildMain.EXIT_PARENT_GONE);
            }
        }, "mp4j-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        // Also when the target calls System.exit itself: stop watching before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bootPipe), "mp4j-parent-watch-stop"));
    }

    /** Ends the watch because this child is exiting, not because its parent died. */
    static void stop(BootChannel bootPipe) {
        exiting = true;
        bootPipe.closeForExit();
    }

    /** Whether this JVM was started by multiprocessing4j and its parent is still alive. */
    public static boolean isParentAlive() {
        return watching && PARENT_GONE.getCount() > 0;
    }

    /** Waits at most {@code millis} (negative: for ever) for the parent to end. */
    public static boolean awaitParentExit(long millis) throws InterruptedException {
        if (!watching) {
            return true;
        }
        if (millis < 0) {
            PARENT_GONE.await();
            return true;
        }
        return PARENT_GONE.await(millis, TimeUnit.MILLISECONDS);
    }
}
