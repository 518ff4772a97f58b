package org.multiprocessing4j.internal.platform;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.io.File;
import java.io.IOException;

/**
 * Linux: children are watched through a pidfd (kernel 5.3 and later) or, on older kernels,
 * through a pipe whose write end only the child holds; descriptors not meant for a child are
 * closed with {@code posix_spawn_file_actions_addclosefrom_np} (glibc 2.34 and later).
 */
final class LinuxPlatform extends PosixPlatform {
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final HandlePassing PASSING = new HandlePassing(HandlePassing.Layout.LINUX);
    private static final String[] SIGNALS = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;

    private static final int AF_INET6 = 10;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SUN_PATH_SIZE = 108;
    private static final int ECONNABORTED = 103;

    private final Function closeFrom = lookUpCloseFrom();
    private final PosixSockets sockets = new LinuxSockets();
    private final boolean pidfdAvailable = probePidfd();

    LinuxPlatform() {
        super(SIGNALS);
    }

    private static Function lookUpCloseFrom() {
        try {
            return NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME)
                    .getFunction("posix_spawn_file_actions_addclosefrom_np");
        } catch (UnsatisfiedLinkError olderGlibc) {
            return null;
        }
    }

    /** Whether this kernel has pidfd_open (5.3 and later), tried on our own pid. */
    private static boolean probePidfd() {
        try {
            long fd = LinuxLibC.syscall(LinuxLibC.SYS_PIDFD_OPEN, ProcessHandle.current().pid(), 0, 0, 0);
            PosixLibC.close((int) fd);
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }

    @Override
    short extraSpawnFlags() {
        return 0;
    }

    @Override
    void keepStandard(Pointer fileActions, int fd) {
        // Standard descriptors are not close-on-exec: the child keeps them without an action.
    }

    @Override
    void closeOthers(Pointer fileActions, int firstUnused, int[] temporaries) {
        if (closeFrom != null) {
            int error = closeFrom.invokeInt(new Object[] {fileActions, firstUnused});
            if (error == 0) {
                return;
            }
        }
        // No closefrom: close the temporaries and every inheritable descriptor we can see.
        // Descriptors opened by other threads meanwhile are the accepted gap of this fallback.
        for (int t : temporaries) {
            if (t >= 0) {
                PosixLibC.posix_spawn_file_actions_addclose(fileActions, t);
            }
        }
        String[] open = new File("/proc/self/fd").list();
        if (open == null) {
            return;
        }
        for (String name : open) {
            int fd = Integer.parseInt(name);
            if (fd >= firstUnused && !isTemporary(fd, temporaries) && !isCloseOnExec(fd)) {
                PosixLibC.posix_spawn_file_actions_addclose(fileActions, fd);
            }
        }
    }

    private static boolean isTemporary(int fd, int[] temporaries) {
        for (int t : temporaries) {
            if (t == fd) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCloseOnExec(int fd) {
        try {
            return (LinuxLibC.fcntl(fd, LinuxLibC.F_GETFD, 0) & LinuxLibC.FD_CLOEXEC) != 0;
        } catch (LastErrorException closedMeanwhile) {
            return true;
        }
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
            killPid(pid, SIGKILL);
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
            if (e.getErrorCode() != ESRCH) {
                throw new IllegalStateException("pidfd_send_signal(" + pid + ", " + signal + ") failed: "
                        + PosixLibC.strerror(e.getErrorCode()));
            }
        }
    }

    @Override
    int waitExitedNoWait() {
        return WEXITED | WNOWAIT;
    }

    @Override
    int[] pipeFds() throws IOException {
        int[] fds = new int[2];
        try {
            LinuxLibC.pipe2(fds, LinuxLibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw ioError("pipe2", e);
        }
        return fds;
    }

    @Override
    public long[] duplexPair() throws IOException {
        int[] fds = new int[2];
        try {
            PosixLibC.socketpair(AF_UNIX, SOCK_STREAM | LinuxLibC.SOCK_CLOEXEC, 0, fds);
        } catch (LastErrorException e) {
            throw ioError("socketpair", e);
        }
        return new long[] {fds[0], fds[1]};
    }

    @Override
    PosixSockets sockets() {
        return sockets;
    }

    @Override
    HandlePassing handlePassing() {
        return PASSING;
    }

    @Override
    public long duplicate(long handle) throws IOException {
        try {
            return LinuxLibC.fcntl((int) handle, F_DUPFD_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw ioError("fcntl(F_DUPFD_CLOEXEC)", e);
        }
    }

    @Override
    public long createSharedMemory(long size) throws IOException {
        Memory name = new Memory(32);
        name.setString(0, "multiprocessing4j", "US-ASCII");
        int fd;
        try {
            fd = (int) LinuxLibC.syscall(LinuxLibC.SYS_MEMFD_CREATE, name, LinuxLibC.MFD_CLOEXEC, 0, 0);
        } catch (LastErrorException e) {
            throw ioError("memfd_create", e);
        }
        resize(fd, size);
        return fd;
    }

    @Override
    public long openSharedMemory(String name, boolean create, long size) throws IOException {
        // What glibc's shm_open does, without depending on librt on older systems.
        String path = "/dev/shm/" + checkSegmentName(name);
        int flags = LinuxLibC.O_RDWR | LinuxLibC.O_CLOEXEC | (create ? LinuxLibC.O_CREAT | LinuxLibC.O_EXCL : 0);
        int fd;
        try {
            fd = LinuxLibC.open(path, flags, 0600);
        } catch (LastErrorException e) {
            throw openError(name, e);
        }
        return sizeCreated(name, fd, create, size);
    }

    @Override
    public void unlinkSharedMemory(String name) throws IOException {
        try {
            java.nio.file.Files.delete(java.nio.file.Path.of("/dev/shm", checkSegmentName(name)));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.nio.file.NoSuchFileException(name, null, "no shared memory segment of that name");
        }
    }

    @Override
    public void awaitWord(java.nio.ByteBuffer mapped, int offset, int expected, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return;
        }
        Memory timeout = new Memory(16);
        timeout.setLong(0, timeoutNanos / 1_000_000_000L);
        timeout.setLong(8, timeoutNanos % 1_000_000_000L);
        try {
            // Not FUTEX_PRIVATE_FLAG: the word is shared between processes.
            LinuxLibC.syscall(LinuxLibC.SYS_FUTEX, wordAddress(mapped, offset), LinuxLibC.FUTEX_WAIT, expected, timeout);
        } catch (LastErrorException e) {
            // EAGAIN (the word changed), ETIMEDOUT, EINTR: the caller looks at the word again.
        }
    }

    @Override
    public void wakeWord(java.nio.ByteBuffer mapped, int offset, int count) {
        try {
            LinuxLibC.syscall(LinuxLibC.SYS_FUTEX, wordAddress(mapped, offset), LinuxLibC.FUTEX_WAKE, count, Pointer.NULL);
        } catch (LastErrorException e) {
            throw new IllegalStateException("futex wake failed: " + PosixLibC.strerror(e.getErrorCode()));
        }
    }

    private static long wordAddress(java.nio.ByteBuffer mapped, int offset) {
        return Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(mapped)) + offset;
    }

    @Override
    public long processExitHandle(long pid) throws IOException {
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
    public boolean processRuns(long pid) {
        return processRuns(pid, 0);
    }

    /** Field 22 of /proc/PID/stat: clock ticks from the boot to the process's start. */
    @Override
    public long processStartTime(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? 0 : Long.parseLong(fields[STARTTIME]);
    }

    /** One read of /proc/PID/stat answers both: whether it runs, and whether it is that process. */
    @Override
    public boolean processRuns(long pid, long startTime) {
        String[] fields = statFields(pid);
        if (fields == null) {
            return false;
        }
        char state = fields[0].charAt(0);
        return state != 'Z' && state != 'X' && (startTime == 0 || Long.parseLong(fields[STARTTIME]) == startTime);
    }

    /** Where the start time is among the fields that follow the command's name in /proc/PID/stat. */
    private static final int STARTTIME = 22 - 3;

    /**
     * The fields of /proc/PID/stat after the command's name (which may hold spaces and
     * parentheses, hence the last ')'), from the state on; null if there is no such process.
     */
    private static String[] statFields(long pid) {
        String stat;
        try {
            stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException gone) {
            return null;
        }
        int end = stat.lastIndexOf(')');
        String[] fields = end < 0 ? new String[0] : stat.substring(end + 1).trim().split(" ");
        return fields.length > STARTTIME ? fields : null;
    }

    /** Linux sockets: a 16-bit family first, and SOCK_CLOEXEC / accept4 for close-on-exec. */
    private static final class LinuxSockets extends PosixSockets {
        LinuxSockets() {
            super(AF_INET6, SOL_SOCKET, SO_REUSEADDR, ECONNABORTED, SUN_PATH_SIZE, false);
        }

        @Override
        int newSocket(int family) {
            return PosixLibC.socket(family, SOCK_STREAM | LinuxLibC.SOCK_CLOEXEC, 0);
        }

        @Override
        int acceptSocket(int fd, com.sun.jna.Memory address, int[] length) {
            return LinuxLibC.accept4(fd, address, length, LinuxLibC.SOCK_CLOEXEC);
        }
    }
}
