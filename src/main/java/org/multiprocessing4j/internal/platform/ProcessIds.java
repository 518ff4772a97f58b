package org.multiprocessing4j.internal.platform;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * This process's id and its parent's, without loading the native layer. On Linux both come
 * from {@code /proc/self/stat}; elsewhere from {@link ProcessHandle}. Linux avoids
 * {@code ProcessHandle} because its first use starts the JDK's process-reaper executor and
 * links that executor's lambdas, about 6 ms of processor time (an empty JVM that asks for its
 * parent's pid: 30 ms against 24), paid by every child JVM, in which nothing else needs it.
 * The reading of a Linux stat line is here too, for any process's ({@link LinuxProcesses}'s
 * start times and liveness).
 */
public final class ProcessIds {
    private static final boolean PROC_STAT = Platform.isLinux();

    private ProcessIds() {
    }

    /** This process's id: {@code ProcessHandle.current().pid()}. */
    public static long current() {
        return Current.PID;
    }

    /** Read at the first {@link #current}: a spare asks only for its parent's pid at its boot. */
    private static final class Current {
        static final long PID = readCurrent();
    }

    /**
     * The id of this process's parent now, or -1 where the system no longer tells it (Windows,
     * once the parent has exited). A process whose parent exited has been re-parented on POSIX,
     * so the answer changes then.
     */
    public static long parent() {
        if (PROC_STAT) {
            try {
                return parentPidOf(readStat("self"));
            } catch (IOException | RuntimeException unreadable) {
                // /proc not mounted (a minimal container): ask the JDK, as other systems do.
            }
        }
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    private static long readCurrent() {
        if (PROC_STAT) {
            try {
                return pidOf(readStat("self"));
            } catch (IOException | RuntimeException unreadable) {
                // As in parent().
            }
        }
        return ProcessHandle.current().pid();
    }

    /**
     * Linux: the line of {@code /proc/PID/stat} ({@code pid} a number, or {@code self}). Bytes
     * as Latin-1: a command's name is any bytes, which a UTF-8 decoding could refuse.
     */
    static String readStat(String pid) throws IOException {
        // concat, not +: a JVM's first + starts the JDK's concatenation factory (see Threads).
        try (FileInputStream in = new FileInputStream("/proc/".concat(pid).concat("/stat"))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The fields of a {@code stat} line after the command's name, from the state on (the
     * parent's pid is the second); null for a line without one. The name may hold spaces and
     * parentheses, so the fields are counted from its last {@code ')'}.
     */
    static String[] statFields(String stat) {
        int commandEnd = stat.lastIndexOf(')');
        return commandEnd < 0 ? null : stat.substring(commandEnd + 1).trim().split(" ");
    }

    /** The pid in a {@code stat} line: {@code "pid (command) state ppid ..."}. */
    static long pidOf(String stat) {
        return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
    }

    /** The parent's pid in a {@code stat} line. */
    static long parentPidOf(String stat) {
        String[] fields = statFields(stat);
        if (fields == null || fields.length < 2) {
            throw new IllegalArgumentException("not a stat line: " + stat);
        }
        return Long.parseLong(fields[1]);
    }
}
