package org.multiprocessing4j.internal.platform;

import com.sun.jna.Memory;

import java.io.IOException;

/** macOS sockets: a length byte before the family, and close-on-exec set right after. */
final class MacEndpoints extends PosixEndpoints {
    private static final int AF_INET6 = 30;
    private static final int SOL_SOCKET = 0xffff;
    private static final int SO_REUSEADDR = 0x4;
    private static final int SUN_PATH_SIZE = 104;
    private static final int ECONNABORTED = 53;

    MacEndpoints() {
        super(AF_INET6, SOL_SOCKET, SO_REUSEADDR, ECONNABORTED, SUN_PATH_SIZE, true);
    }

    @Override
    int newSocket(int family) throws IOException {
        return closeOnExec(PosixLibC.socket(family, PosixLibC.SOCK_STREAM, 0));
    }

    @Override
    int acceptSocket(int fd, Memory address, int[] length) throws IOException {
        return closeOnExec(PosixLibC.accept(fd, address, length));
    }

    private static int closeOnExec(int fd) throws IOException {
        try {
            MacDescriptors.setCloseOnExec(fd);
        } catch (IOException e) {
            PosixLibC.close(fd);
            throw e;
        }
        return fd;
    }
}
