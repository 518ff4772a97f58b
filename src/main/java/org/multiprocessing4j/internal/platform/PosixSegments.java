package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * Shared memory on Linux and macOS: a segment is a descriptor that is sized with ftruncate and
 * mapped with mmap. Subclasses make the descriptor, with or without a name.
 */
abstract class PosixSegments implements Segments {
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_SHARED = 0x1;
    private static final int SEEK_END = 2;
    private static final Cleaner UNMAPPER = Cleaner.create();
    /**
     * Loaded now: when the process is out of descriptors, loading a class from a directory of
     * the class path fails too, and the error of a failed call must still be made.
     */
    private static final Class<?>[] ERROR_PATH = {PosixErrors.class, ResourceLimitException.class};

    @Override
    public ByteBuffer map(long handle, long size) throws IOException {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a mapping holds 1 to " + Integer.MAX_VALUE + " bytes, not " + size);
        }
        Pointer address;
        try {
            address = PosixLibC.mmap(null, size, PROT_READ_WRITE, MAP_SHARED, (int) handle, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == PosixErrors.ENOMEM) {
                // Mostly the count of mappings a process may have (vm.max_map_count on Linux).
                throw new ResourceLimitException("mmap failed: " + PosixLibC.strerror(e.getErrorCode()), e);
            }
            throw PosixErrors.ioError("mmap", e);
        }
        ByteBuffer buffer = address.getByteBuffer(0, size);
        // A slice or duplicate keeps its root buffer reachable, so none of them outlives this.
        UNMAPPER.register(buffer, () -> PosixLibC.munmap(address, size));
        return buffer;
    }

    @Override
    public long size(long handle) throws IOException {
        try {
            return PosixLibC.lseek((int) handle, 0, SEEK_END);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("lseek", e);
        }
    }

    /** Sets the size of a new segment, closing it if that fails. */
    static void resize(int fd, long size) throws IOException {
        try {
            PosixLibC.ftruncate(fd, size);
        } catch (LastErrorException e) {
            PosixLibC.close(fd);
            throw PosixErrors.ioError("ftruncate", e);
        }
    }

    /** Sizes a segment {@code name} just created (removing it again if that fails) and returns {@code fd}. */
    long sizeCreated(String name, int fd, boolean create, long size) throws IOException {
        if (create) {
            try {
                resize(fd, size);
            } catch (IOException e) {
                unlink(name);
                throw e;
            }
        }
        return fd;
    }

    /** The exception for a failed open of the segment {@code name}. */
    static IOException openError(String name, LastErrorException e) {
        if (e.getErrorCode() == PosixErrors.EEXIST) {
            return new FileAlreadyExistsException(name, null, "a shared memory segment of that name exists");
        }
        if (e.getErrorCode() == PosixErrors.ENOENT) {
            return new NoSuchFileException(name, null, "no shared memory segment of that name");
        }
        return PosixErrors.ioError("opening shared memory " + name, e);
    }

    /** The segment name as {@code shm_open} takes it after its one leading slash: no other slash. */
    static String checkName(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shared memory name must be non-empty, without '/': " + name);
        }
        return name;
    }
}
