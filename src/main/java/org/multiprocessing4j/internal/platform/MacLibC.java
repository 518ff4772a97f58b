package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The macOS-only libc functions. fcntl and shm_open are variadic, and on Apple silicon variadic
 * arguments travel on the stack, so they are bound through an interface with {@code Object...},
 * which JNA calls as variadic (direct mapping, as {@link PosixLibC}, cannot).
 */
interface MacLibC extends Library {
    MacLibC INSTANCE = Native.load("c", MacLibC.class);

    int F_SETFD = 2;
    int FD_CLOEXEC = 1;
    int F_DUPFD_CLOEXEC = 67;
    int O_RDWR = 0x2;
    int O_CREAT = 0x200;
    int O_EXCL = 0x800;

    int fcntl(int fd, int command, Object... arguments) throws LastErrorException;

    int posix_spawn_file_actions_addinherit_np(Pointer fileActions, int fd);

    int shm_open(String name, int flags, Object... mode) throws LastErrorException;

    int shm_unlink(String name) throws LastErrorException;
}
