package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;

import java.io.IOException;

/**
 * macOS has no pipe2 or SOCK_CLOEXEC: descriptors are made close-on-exec right after they are
 * created. The window matters only to spawns outside this library, since this library's own
 * spawns use POSIX_SPAWN_CLOEXEC_DEFAULT.
 */
final class MacDescriptors extends PosixDescriptors {

    @Override
    int[] pipeFds() throws IOException {
        int[] fds = new int[2];
        try {
            PosixLibC.pipe(fds);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("pipe", e);
        }
        setCloseOnExec(fds);
        return fds;
    }

    @Override
    int[] socketPair() throws IOException {
        int[] fds = new int[2];
        try {
            PosixLibC.socketpair(PosixLibC.AF_UNIX, PosixLibC.SOCK_STREAM, 0, fds);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("socketpair", e);
        }
        setCloseOnExec(fds);
        return fds;
    }

    @Override
    int duplicateCloseOnExec(int fd) throws IOException {
        try {
            return MacLibC.INSTANCE.fcntl(fd, MacLibC.F_DUPFD_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("fcntl(F_DUPFD_CLOEXEC)", e);
        }
    }

    /** Sets FD_CLOEXEC on each of {@code fds}. */
    static void setCloseOnExec(int... fds) throws IOException {
        for (int fd : fds) {
            try {
                MacLibC.INSTANCE.fcntl(fd, MacLibC.F_SETFD, MacLibC.FD_CLOEXEC);
            } catch (LastErrorException e) {
                throw PosixErrors.ioError("fcntl", e);
            }
        }
    }
}
