package org.multiprocessing4j.internal.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Process control: starting children, watching other processes, and what a command line for a
 * child JVM needs to know about this system. CPython's {@code _posixsubprocess} and the process
 * part of {@code _winapi}.
 */
public interface Processes {

    /** Starts a child as {@code request} says; see {@link ChildProcess#builder(List)}. */
    ChildProcess spawn(SpawnRequest request) throws IOException;

    /** Whether process {@code pid} still runs (a zombie counts as ended where the system tells). */
    boolean isRunning(long pid);

    /**
     * When process {@code pid} started, as a number that tells apart two processes that had
     * the same pid one after the other (Linux: clock ticks since boot; elsewhere milliseconds
     * since the epoch, from {@link ProcessHandle.Info#startInstant()}), or 0 if the system does
     * not say or there is no such process. With the pid it names one process for good.
     */
    default long startTime(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /**
     * Whether the process that had pid {@code pid} and started at {@code startTime} (from
     * {@link #startTime}; 0: whichever has that pid) still runs: false once it ended, also when
     * its pid names a later process by now. Where the start time cannot be read, the pid alone
     * answers.
     */
    default boolean isRunning(long pid, long startTime) {
        if (!isRunning(pid)) {
            return false;
        }
        long now = startTime == 0 ? 0 : startTime(pid);
        return now == 0 || now == startTime;
    }

    /**
     * A handle for {@link Descriptors#waitReady} that becomes ready when process {@code pid},
     * which need not be a child, ends: Linux a pidfd, Windows a process handle opened for
     * waiting. Pids are reused, so the caller must check after this returns that the pid still
     * names the process it means; the handle is close-on-exec / non-inheritable.
     *
     * @throws IOException                   if there is no such process
     * @throws UnsupportedOperationException where the system cannot watch a process that is not
     *                                       its child (macOS, Linux before 5.3)
     */
    long exitHandle(long pid) throws IOException;

    /** The name of a signal ("SIGTERM"), or null where the number is not a known signal. */
    String signalName(int signal);

    /**
     * Ends this process at once with {@code code}, as C's {@code _exit} (Python's
     * {@code os._exit}): no shutdown hooks, no JVM teardown, buffers not flushed. Does not
     * return.
     */
    void exitNow(int code);

    /**
     * {@link #exitNow} for a child whose parent, {@code parentPid}, waits for its end: where the
     * platform can (Linux), the parent sees the process gone without waiting for the kernel to
     * unmap its memory, which a helper process does afterwards (see {@code TeardownHelpers}).
     * Closes every descriptor first. Does not return.
     */
    default void exitNowForParent(int code, long parentPid) {
        exitNow(code);
    }

    /**
     * Makes, ahead, what {@link #exitNowForParent} needs, so that a child's end runs only system
     * calls (a spare does it while it waits); nothing where there is nothing to make.
     */
    default void prepareExitForParent() {
    }

    /**
     * The time every processor of this system has spent idle, summed over the processors, in
     * nanoseconds from an origin of the system's choosing (Linux {@code /proc/stat}, macOS
     * {@code host_statistics}, Windows {@code GetSystemTimes}); its growth over an interval
     * divided by that interval is how many processors were idle. Its resolution is the
     * system's clock tick (10 ms a processor on Linux and macOS). -1 where it cannot be read.
     */
    default long idleProcessorNanos() {
        return -1;
    }

    /** The file name of the {@code java} launcher inside {@code java.home/bin}. */
    String javaLauncherName();

    /**
     * JVM options that let a child launched with {@code userOptions} start this layer fast, with
     * what this JVM has already prepared (kept in {@code cacheDirectory}); empty when there is
     * nothing to give.
     */
    default List<String> childJvmOptions(Path cacheDirectory, List<String> userOptions) {
        return NativeBoot.childOptions(cacheDirectory, userOptions);
    }
}
