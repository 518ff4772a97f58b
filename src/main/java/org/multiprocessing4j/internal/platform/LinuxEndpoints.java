package org.multiprocessing4j.internal.platform;

import com.sun.jna.Memory;

/** Linux sockets: a 16-bit family first, and SOCK_CLOEXEC / accept4 for close-on-exec. */
final class LinuxEndpoints extends PosixEndpoints {
    private static final int AF_INET6 = 10;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SUN_PATH_SIZE = 108;
    private static final int ECONNABORTED = 103;

    LinuxEndpoints() {
        super(AF_INET6, SOL_SOCKET, SO_REUSEADDR, ECONNABORTED, SUN_PATH_SIZE, false);
    }

    @Override
    int newSocket(int family) {
        return PosixLibC.socket(family, PosixLibC.SOCK_STREAM | LinuxLibC.SOCK_CLOEXEC, 0);
    }

    @Override
    int acceptSocket(int fd, Memory address, int[] length) {
        return LinuxLibC.accept4(fd, address, length, LinuxLibC.SOCK_CLOEXEC);
    }
}
