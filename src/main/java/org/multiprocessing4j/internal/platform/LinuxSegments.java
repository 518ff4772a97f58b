package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Linux: anonymous segments are memfds, named ones files in /dev/shm (what glibc's shm_open
 * does, without depending on librt on older systems), and a word is waited on with a futex
 * shared between processes.
 */
final class LinuxSegments extends PosixSegments {

    @Override
    public long createAnonymous(long size) throws IOException {
        Memory name = new Memory(32);
        name.setString(0, "multiprocessing4j", "US-ASCII");
        int fd;
        try {
            fd = (int) LinuxLibC.syscall(LinuxLibC.SYS_MEMFD_CREATE, name, LinuxLibC.MFD_CLOEXEC, 0, 0);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("memfd_create", e);
        }
        resize(fd, size);
        return fd;
    }

    @Override
    public long open(String name, boolean create, long size) throws IOException {
        String path = "/dev/shm/" + checkName(name);
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
    public void unlink(String name) throws IOException {
        try {
            Files.delete(Path.of("/dev/shm", checkName(name)));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(name, null, "no shared memory segment of that name");
        }
    }

    @Override
    public void awaitWord(ByteBuffer mapped, int offset, int expected, long timeoutNanos) {
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
    public void wakeWord(ByteBuffer mapped, int offset, int count) {
        try {
            LinuxLibC.syscall(LinuxLibC.SYS_FUTEX, wordAddress(mapped, offset), LinuxLibC.FUTEX_WAKE, count, Pointer.NULL);
        } catch (LastErrorException e) {
            throw new IllegalStateException("futex wake failed: " + PosixLibC.strerror(e.getErrorCode()));
        }
    }

    private static long wordAddress(ByteBuffer mapped, int offset) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(mapped)) + offset;
    }
}
