package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc functions that Linux and macOS share, bound by JNA direct mapping (a static native
 * method per function: the cheapest call JNA offers, which matters on the send/recv path).
 */
final class PosixLibC {
    static {
        Native.register(PosixLibC.class, NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME));
    }

    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;

    private PosixLibC() {
    }

    static native int posix_spawnp(int[] pid, String file, Pointer fileActions, Pointer attributes,
                                   Pointer argv, Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer fileActions);

    static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    static native int posix_spawn_file_actions_addclose(Pointer fileActions, int fd);

    static native int posix_spawnattr_init(Pointer attributes);

    static native int posix_spawnattr_destroy(Pointer attributes);

    static native int posix_spawnattr_setflags(Pointer attributes, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer sigset);

    static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer sigset);

    static native int sigemptyset(Pointer sigset);

    static native int sigaddset(Pointer sigset, int signal);

    static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    static native int waitid(int idType, int id, Pointer info, int options) throws LastErrorException;

    static native int kill(int pid, int signal) throws LastErrorException;

    static native void _exit(int status);

    static native int pipe(int[] fds) throws LastErrorException;

    static native int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException;

    static native long write(int fd, byte[] buffer, long count) throws LastErrorException;

    /**
     * read(2) into native memory given by its address. A {@code long} stands for the pointer,
     * which is the same argument on the 64-bit systems this library runs on, and saves JNA's
     * conversion of a Buffer or Pointer (about half the cost of a small read).
     */
    static native long read(int fd, long address, long count) throws LastErrorException;

    /** write(2) from native memory given by its address; see {@link #read(int, long, long)}. */
    static native long write(int fd, long address, long count) throws LastErrorException;

    static native long sendmsg(int fd, Pointer message, int flags) throws LastErrorException;

    static native long recvmsg(int fd, Pointer message, int flags) throws LastErrorException;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, int[] value, int length) throws LastErrorException;

    static native int bind(int fd, Pointer address, int length) throws LastErrorException;

    static native int listen(int fd, int backlog) throws LastErrorException;

    static native int accept(int fd, Pointer address, int[] length) throws LastErrorException;

    static native int connect(int fd, Pointer address, int length) throws LastErrorException;

    static native int getsockname(int fd, Pointer address, int[] length) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int poll(Pointer fds, int count, int timeoutMillis) throws LastErrorException;

    static native String strerror(int errno);

    static native int ftruncate(int fd, long length) throws LastErrorException;

    static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    static native Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset)
            throws LastErrorException;

    static native int munmap(Pointer address, long length) throws LastErrorException;
}
