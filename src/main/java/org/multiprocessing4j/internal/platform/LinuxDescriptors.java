package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;

import java.io.IOException;

/** Linux makes descriptors close-on-exec as it creates them: pipe2, SOCK_CLOEXEC, F_DUPFD_CLOEXEC. */
final class LinuxDescriptors extends PosixDescriptors {
    private static final int F_DUPFD_CLOEXEC = 1030;

    @Override
    int[] pipeFds() throws IOException {
        int[] fds = new int[2];
        try {
            LinuxLibC.pipe2(fds, LinuxLibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("pipe2", e);
        }
        return fds;
    }

    @Override
    int[] socketPair() throws IOException {
        int[] fds = new int[2];
        try {
            PosixLibC.socketpair(PosixLibC.AF_UNIX, PosixLibC.SOCK_STREAM | LinuxLibC.SOCK_CLOEXEC, 0, fds);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("socketpair", e);
        }
        return fds;
    }

    @Override
    int duplicateCloseOnExec(int fd) throws IOException {
        try {
            return LinuxLibC.fcntl(fd, F_DUPFD_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("fcntl(F_DUPFD_CLOEXEC)", e);
        }
    }
}
