package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Shared-memory segments: made with or without a name, mapped into this process, and words in
 * them waited on across processes. CPython's {@code _posixshmem}, the mapping part of
 * {@code mmap}, and the waits under {@code _multiprocessing.SemLock}.
 */
public interface Segments {

    /**
     * A segment of {@code size} bytes (zero-filled) that no name keeps alive: it lives as long
     * as a descriptor or a mapping of it does, so it vanishes with the last process using it,
     * however that process ends. Linux: {@code memfd_create}; macOS: {@code shm_open} and an
     * immediate {@code shm_unlink}; Windows: a page-file mapping without a name. The descriptor
     * is close-on-exec / non-inheritable like every other.
     */
    long createAnonymous(long size) throws IOException;

    /**
     * A named segment: created (exclusively, zero-filled, {@code size} bytes) when
     * {@code create}, else attached to. The name stays until {@link #unlink} (on Windows, until
     * the last handle is closed).
     *
     * @throws java.nio.file.FileAlreadyExistsException creating a name that exists
     * @throws java.nio.file.NoSuchFileException       attaching to a name that does not
     * @throws IllegalArgumentException                for an empty name, or one with a '/' on POSIX
     */
    long open(String name, boolean create, long size) throws IOException;

    /** The size in bytes of the segment behind {@code handle}. */
    long size(long handle) throws IOException;

    /** Removes the name of a segment made by {@link #open}; its memory stays while mapped. */
    void unlink(String name) throws IOException;

    /**
     * Maps {@code size} bytes of a segment read-write and shared with every other process that
     * maps it. The buffer is direct and page-aligned, so {@link java.lang.invoke.VarHandle}
     * atomics work on it; the mapping is released once the buffer (and every slice of it) is
     * unreachable, never while it can still be used.
     *
     * @throws IllegalArgumentException unless {@code size} is 1 to {@link Integer#MAX_VALUE}
     */
    ByteBuffer map(long handle, long size) throws IOException;

    /**
     * A buffer over {@code size} bytes at {@code offset} of a buffer from {@link #map}, that is
     * its own root: its duplicates and slices keep it reachable, and not {@code mapped}, so that
     * a part of a mapping can be handed out and taken back once no view of that part is
     * reachable. It does not keep {@code mapped} reachable either: the caller must, as long as
     * the view can be used, or the memory would be unmapped under it.
     */
    default ByteBuffer view(ByteBuffer mapped, int offset, int size) {
        java.util.Objects.checkFromIndexSize(offset, size, mapped.capacity());
        return Native.getDirectBufferPointer(mapped).getByteBuffer(offset, size);
    }

    /**
     * Sleeps while the 32-bit word at {@code offset} of a buffer from {@link #map} holds
     * {@code expected}, at most {@code timeoutNanos}, until {@link #wakeWord} on it (in any
     * process); it may also return early for no reason. Linux: a shared (not private) futex;
     * elsewhere short sleeps.
     */
    default void awaitWord(ByteBuffer mapped, int offset, int expected, long timeoutNanos) {
        PollingWait.await(mapped, offset, expected, timeoutNanos);
    }

    /** Wakes up to {@code count} of the threads in {@link #awaitWord} on that word. */
    default void wakeWord(ByteBuffer mapped, int offset, int count) {
        // Sleepers poll: nothing to wake.
    }
}
