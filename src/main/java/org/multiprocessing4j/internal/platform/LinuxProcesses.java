package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux: children are watched through a pidfd (kernel 5.3 and later) or, on older kernels,
 * through a pipe whose write end only the child holds; a pidfd also watches a process that is
 * not a child, and signals a child without any race with the reuse of its pid.
 */
final class LinuxProcesses extends PosixProcesses {
    private static final String[] SIGNALS = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;

    private final boolean pidfdAvailable = probePidfd();

    LinuxProcesses(PosixDescriptors descriptors) {
        super(new LinuxSpawn(), descriptors, SIGNALS, WEXITED | WNOWAIT);
    }

    /** Whether this kernel has pidfd_open (5.3 and later), tried on our own pid. */
    private static boolean probePidfd() {
        try {
            long fd = LinuxLibC.syscall(LinuxLibC.SYS_PIDFD_OPEN, ProcessIds.current(), 0, 0, 0);
            PosixLibC.close((int) fd);
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }

    @Override
    public void exitNowForParent(int code, long parentPid) {
        TeardownHelpers.handOff(parentPid);
        exitNow(code);
    }

    @Override
    public void prepareExitForParent() {
        TeardownHelpers.prepare();
    }

    @Override
    void spawned() {
        TeardownHelpers.startReaper();
    }

    /** Also reaps, soon, the helper a child may have left its memory to ({@link TeardownHelpers}). */
    @Override
    int reap(int pid) {
        int code = super.reap(pid);
        TeardownHelpers.reapSoon();
        return code;
    }

    @Override
    Integer reapIfEnded(int pid) {
        Integer code = super.reapIfEnded(pid);
        if (code != null) {
            TeardownHelpers.reapSoon();
        }
        return code;
    }

    @Override
    boolean needsSentinelPipe() {
        return !pidfdAvailable;
    }

    @Override
    long sentinelFor(int pid, int[] sentinelPipe) {
        if (sentinelPipe != null) {
            return sentinelPipe[0];
        }
        try {
            return LinuxLibC.syscall(LinuxLibC.SYS_PIDFD_OPEN, pid, 0, 0, 0);
        } catch (LastErrorException e) {
            // Out of descriptors, most likely: a child nobody can watch must not run on.
            killPid(pid, ChildControl.SIGKILL);
            reap(pid);
            throw new IllegalStateException("pidfd_open(" + pid + ") failed: "
                    + PosixLibC.strerror(e.getErrorCode()) + "; the child was stopped", e);
        }
    }

    @Override
    void sendSignal(int pid, long sentinel, boolean sentinelIsPidfd, int signal) {
        if (!sentinelIsPidfd) {
            killPid(pid, signal);
            return;
        }
        try {
            LinuxLibC.syscall(LinuxLibC.SYS_PIDFD_SEND_SIGNAL, sentinel, signal, 0, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != PosixErrors.ESRCH) {
                throw new IllegalStateException("pidfd_send_signal(" + pid + ", " + signal + ") failed: "
                        + PosixLibC.strerror(e.getErrorCode()));
            }
        }
    }

    @Override
    public long exitHandle(long pid) throws IOException {
        if (!pidfdAvailable) {
            throw new UnsupportedOperationException("this kernel has no pidfd_open (Linux 5.3): it cannot watch a process that is not a child");
        }
        try {
            // pidfd_open makes its descriptor close-on-exec.
            return LinuxLibC.syscall(LinuxLibC.SYS_PIDFD_OPEN, pid, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new IOException("pidfd_open(" + pid + "): " + PosixLibC.strerror(e.getErrorCode()), e);
        }
    }

    /** Alive and not a zombie, as /proc tells: a dead holder nobody reaped yet counts as dead. */
    @Override
    public boolean isRunning(long pid) {
        return isRunning(pid, 0);
    }

    /** Field 22 of /proc/PID/stat: clock ticks from the boot to the process's start. */
    @Override
    public long startTime(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? 0 : Long.parseLong(fields[STARTTIME]);
    }

    /**
     * One read of /proc/PID/stat answers both: whether it runs, and whether it is that process.
     * With the pid alone, also that it names a process and not a thread: threads take their ids
     * from the pids' numbers (a JVM some twenty), so a dead process's pid is soon a thread's id
     * on a system with few pids, and /proc answers for threads too.
     */
    @Override
    public boolean isRunning(long pid, long startTime) {
        String[] fields = statFields(pid);
        if (fields == null) {
            return false;
        }
        char state = fields[0].charAt(0);
        if (state == 'Z' || state == 'X') {
            return false;
        }
        return startTime == 0 ? isProcess(pid) : Long.parseLong(fields[STARTTIME]) == startTime;
    }

    /** Whether {@code pid} is a thread group's id (a process's), from the Tgid line of /proc/PID/status. */
    private static boolean isProcess(long pid) {
        // Latin-1: the Name line holds the command's name, any bytes, which UTF-8 may refuse.
        try (BufferedReader status = Files.newBufferedReader(Path.of("/proc", Long.toString(pid), "status"),
                StandardCharsets.ISO_8859_1)) {
            for (String line = status.readLine(); line != null; line = status.readLine()) {
                if (line.startsWith("Tgid:")) {
                    return Long.parseLong(line.substring("Tgid:".length()).trim()) == pid;
                }
            }
            return true;
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /**
     * The idle and iowait columns of /proc/stat's first line (all processors), in its clock
     * ticks: USER_HZ, 100 a second on every architecture the JDK runs on.
     */
    @Override
    public long idleProcessorNanos() {
        try (BufferedReader stat = Files.newBufferedReader(Path.of("/proc/stat"))) {
            String[] columns = stat.readLine().trim().split("\\s+");
            return (Long.parseLong(columns[4]) + Long.parseLong(columns[5])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    private static final long NANOS_PER_TICK = 10_000_000;

    /** Where the start time is among the fields that follow the command's name in /proc/PID/stat. */
    private static final int STARTTIME = 22 - 3;

    /** The fields of /proc/PID/stat from the state on ({@link ProcessIds#statFields}); null if there is no such process. */
    private static String[] statFields(long pid) {
        String[] fields;
        try {
            fields = ProcessIds.statFields(ProcessIds.readStat(Long.toString(pid)));
        } catch (IOException gone) {
            return null;
        }
        return fields != null && fields.length > STARTTIME ? fields : null;
    }
}
