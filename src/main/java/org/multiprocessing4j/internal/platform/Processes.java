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
