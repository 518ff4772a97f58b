package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** The Linux-only libc functions, bound by JNA direct mapping. */
final class LinuxLibC {
    static {
        Native.register(LinuxLibC.class, NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME));
    }

    static final int O_CLOEXEC = 0x80000;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int F_GETFD = 1;
    static final int FD_CLOEXEC = 1;
    /** The generic syscall numbers, the same on x86_64, aarch64 and every other modern port. */
    static final long SYS_PIDFD_SEND_SIGNAL = 424;
    static final long SYS_PIDFD_OPEN = 434;
    static final long SYS_CLOSE_RANGE = 436;

    static final int MFD_CLOEXEC = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0x40;
    static final int O_EXCL = 0x80;
    static final int FUTEX_WAIT = 0;
    static final int FUTEX_WAKE = 1;
    /** The syscalls whose numbers differ between the architectures: x86_64 first, aarch64 second. */
    static final long SYS_MEMFD_CREATE = "aarch64".equals(System.getProperty("os.arch")) ? 279 : 319;
    static final long SYS_FUTEX = "aarch64".equals(System.getProperty("os.arch")) ? 98 : 202;

    private LinuxLibC() {
    }

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native long syscall(long number, long a, long b, long c, long d) throws LastErrorException;

    static native long syscall(long number, Pointer a, long b, long c, long d) throws LastErrorException;

    static native long syscall(long number, long a, long b, long c, Pointer d) throws LastErrorException;

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int fcntl(int fd, int command, int argument) throws LastErrorException;

    static native int getppid();

    static native int prctl(int option, Pointer argument, long a, long b, long c) throws LastErrorException;

    static native int sigfillset(Pointer sigset);

    /** Answers an error number, not -1 and errno. */
    static native int pthread_sigmask(int how, Pointer set, Pointer oldSet);

    /** glibc's wrapper: the new process runs {@code function(argument)} on {@code stackTop}, then exits. */
    static native int clone(Pointer function, Pointer stackTop, int flags, Pointer argument) throws LastErrorException;

    static native int accept4(int fd, com.sun.jna.Pointer address, int[] length, int flags) throws LastErrorException;
}
