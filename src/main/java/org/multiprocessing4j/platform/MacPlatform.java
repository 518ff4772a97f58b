package org.multiprocessing4j.platform;

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
