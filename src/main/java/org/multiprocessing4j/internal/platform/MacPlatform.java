package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;

/**
 * macOS: {@code POSIX_SPAWN_CLOEXEC_DEFAULT} keeps every descriptor but the mapped ones out of
 * a child, and a child is watched through a pipe whose write end only the child holds.
 */
final class MacPlatform extends PosixPlatform {
    private static final int F_DUPFD_CLOEXEC = 67;
    private static final HandlePassing PASSING = new HandlePassing(HandlePassing.Layout.MAC);
    private static final String[] SIGNALS = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGEMT", "SIGFPE",
        "SIGKILL", "SIGBUS", "SIGSEGV", "SIGSYS", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGURG",
        "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGCHLD", "SIGTTIN", "SIGTTOU", "SIGIO", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGINFO", "SIGUSR1", "SIGUSR2",
    };
    private static final short POSIX_SPAWN_CLOEXEC_DEFAULT = 0x4000;
    private static final int WEXITED = 0x04;
    private static final int WNOWAIT = 0x20;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    private static final int AF_INET6 = 30;
    private static final int SOL_SOCKET = 0xffff;
    private static final int SO_REUSEADDR = 0x4;
    private static final int SUN_PATH_SIZE = 104;
    private static final int ECONNABORTED = 53;

    private final PosixSockets sockets = new MacSockets();

    /**
     * fcntl is variadic, and on Apple silicon variadic arguments travel on the stack, so it is
     * bound through an interface with {@code Object...}, which JNA calls as variadic.
     */
    interface Darwin extends Library {
        Darwin INSTANCE = Native.load("c", Darwin.class);

        int fcntl(int fd, int command, Object... arguments) throws LastErrorException;

        int posix_spawn_file_actions_addinherit_np(Pointer fileActions, int fd);

        int shm_open(String name, int flags, Object... mode) throws LastErrorException;

        int shm_unlink(String name) throws LastErrorException;
    }

    private static final int O_RDWR = 0x2;
    private static final int O_CREAT = 0x200;
    private static final int O_EXCL = 0x800;
    private static final int STAT_SIZE = 144;
    private static final int STAT_SIZE_OFFSET = 96;
    /** fstat with the 64-bit inode struct: its own name on Intel, the plain one on Apple silicon. */
    private static final com.sun.jna.Function FSTAT = com.sun.jna.NativeLibrary.getInstance("c")
            .getFunction("aarch64".equals(System.getProperty("os.arch")) ? "fstat" : "fstat$INODE64");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    @Override
    public long createSharedMemory(long size) throws IOException {
        // No memfd: a fresh name, unlinked at once, so that only descriptors keep it alive.
        while (true) {
            String name = "/mp4j-" + Long.toHexString(RANDOM.nextLong() >>> 16);
            int fd;
            try {
                fd = Darwin.INSTANCE.shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EEXIST) {
                    continue;
                }
                throw ioError("shm_open", e);
            }
            Darwin.INSTANCE.shm_unlink(name);
            markCloseOnExec(fd);
            resize(fd, size);
            return fd;
        }
    }

    @Override
    public long openSharedMemory(String name, boolean create, long size) throws IOException {
        String path = "/" + checkSegmentName(name);
        int fd;
        try {
            fd = Darwin.INSTANCE.shm_open(path, O_RDWR | (create ? O_CREAT | O_EXCL : 0), 0600);
        } catch (LastErrorException e) {
            throw openError(name, e);
        }
        markCloseOnExec(fd);
        return sizeCreated(name, fd, create, size);
    }

    private static void markCloseOnExec(int fd) {
        Darwin.INSTANCE.fcntl(fd, F_SETFD, FD_CLOEXEC);
    }

    @Override
    public void unlinkSharedMemory(String name) throws IOException {
        try {
            Darwin.INSTANCE.shm_unlink("/" + checkSegmentName(name));
        } catch (LastErrorException e) {
            throw openError(name, e);
        }
    }

    @Override
    public long sharedMemorySize(long handle) throws IOException {
        com.sun.jna.Memory stat = new com.sun.jna.Memory(STAT_SIZE);
        if (FSTAT.invokeInt(new Object[] {(int) handle, stat}) != 0) {
            throw new IOException("fstat of shared memory failed: errno " + Native.getLastError());
        }
        return stat.getLong(STAT_SIZE_OFFSET);
    }

    MacPlatform() {
        super(SIGNALS);
    }

    @Override
    short extraSpawnFlags() {
        return POSIX_SPAWN_CLOEXEC_DEFAULT;
    }

    @Override
    void keepStandard(Pointer fileActions, int fd) {
        Darwin.INSTANCE.posix_spawn_file_actions_addinherit_np(fileActions, fd);
    }

    @Override
    void closeOthers(Pointer fileActions, int firstUnused, int[] temporaries) {
        // CLOEXEC_DEFAULT closes what no action touched; the temporaries were touched.
        for (int t : temporaries) {
            if (t >= 0) {
                PosixLibC.posix_spawn_file_actions_addclose(fileActions, t);
            }
        }
    }

    @Override
    boolean needsSentinelPipe() {
        return true;
    }

    @Override
    long sentinelFor(int pid, int[] sentinelPipe) {
        return sentinelPipe[0];
    }

    @Override
    void sendSignal(int pid, long sentinel, boolean sentinelIsPidfd, int signal) {
        killPid(pid, signal);
    }

    @Override
    int waitExitedNoWait() {
        return WEXITED | WNOWAIT;
    }

    @Override
    int[] pipeFds() throws IOException {
        int[] fds = new int[2];
        try {
            PosixLibC.pipe(fds);
        } catch (LastErrorException e) {
            throw ioError("pipe", e);
        }
        setCloseOnExec(fds);
        return fds;
    }

    @Override
    public long[] duplexPair() throws IOException {
        int[] fds = new int[2];
        try {
            PosixLibC.socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
        } catch (LastErrorException e) {
            throw ioError("socketpair", e);
        }
        setCloseOnExec(fds);
        return new long[] {fds[0], fds[1]};
    }

    /** macOS has no pipe2/SOCK_CLOEXEC; the window matters only to spawns outside this library. */
    private static void setCloseOnExec(int[] fds) throws IOException {
        for (int fd : fds) {
            try {
                Darwin.INSTANCE.fcntl(fd, F_SETFD, FD_CLOEXEC);
            } catch (LastErrorException e) {
                throw ioError("fcntl", e);
            }
        }
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
            return Darwin.INSTANCE.fcntl((int) handle, F_DUPFD_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw ioError("fcntl(F_DUPFD_CLOEXEC)", e);
        }
    }

    /** macOS sockets: a length byte before the family, and close-on-exec set right after. */
    private static final class MacSockets extends PosixSockets {
        MacSockets() {
            super(AF_INET6, SOL_SOCKET, SO_REUSEADDR, ECONNABORTED, SUN_PATH_SIZE, true);
        }

        @Override
        int newSocket(int family) throws IOException {
            return closeOnExec(PosixLibC.socket(family, SOCK_STREAM, 0));
        }

        @Override
        int acceptSocket(int fd, com.sun.jna.Memory address, int[] length) throws IOException {
            return closeOnExec(PosixLibC.accept(fd, address, length));
        }

        private static int closeOnExec(int fd) throws IOException {
            try {
                setCloseOnExec(new int[] {fd});
            } catch (IOException e) {
                PosixLibC.close(fd);
                throw e;
            }
            return fd;
        }
    }
}
