package org.multiprocessing4j.shared;

import org.multiprocessing4j.internal.memory.Segment;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A block of memory shared between processes: CPython's
 * {@code multiprocessing.shared_memory.SharedMemory}.
 *
 * <p>An <em>anonymous</em> segment ({@link #create(long)}, or a null name with
 * {@code create}) has no name at all: it is handed to children by inheritance (reachable from a
 * {@code Process} target at {@code start()}) and vanishes with the last process that holds it,
 * however that process ends, so nothing needs to be unlinked and nothing can leak. A
 * <em>named</em> segment can be attached to by any process that knows the name, and its name
 * stays until {@link #unlink()}, as in CPython; it travels by name when serialized.
 *
 * <p>{@link #close()} ends this process's use of the segment. Buffers from {@link #getBuffer()}
 * stay valid memory until they are unreachable (the mapping is released then), so a late use
 * cannot crash the JVM; the segment itself is not reachable through this object after close.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient Segment segment;

    /**
     * CPython's {@code SharedMemory(name, create, size)}.
     *
     * @param name   the segment's name, or null for an anonymous one (then {@code create} must
     *               be true)
     * @param create whether to create the segment (a name that exists already is an error) or
     *               to attach to an existing one (then {@code size} is ignored)
     * @param size   the size in bytes of a segment to create, at least 1
     * @throws UncheckedIOException around a {@link java.nio.file.FileAlreadyExistsException} when
     *                              creating a name that exists, around a
     *                              {@link java.nio.file.NoSuchFileException} when attaching to a
     *                              name that does not
     */
    public SharedMemory(String name, boolean create, long size) {
        this(new Segment(name, create, size));
    }

    private SharedMemory(Segment segment) {
        this.segment = segment;
    }

    /** An anonymous segment of {@code size} bytes, zero-filled. */
    public static SharedMemory create(long size) {
        return new SharedMemory(null, true, size);
    }

    /** Attaches to the named segment {@code name}. */
    public static SharedMemory attach(String name) {
        return new SharedMemory(name, false, 0);
    }

    /** The name, or null for an anonymous segment. */
    public String getName() {
        return segment.getName();
    }

    /** The size in bytes (on Windows, of an attached segment: rounded up to whole pages, as in CPython). */
    public long getSize() {
        return segment.getSize();
    }

    /**
     * A new view of the whole segment (CPython's {@code buf}): position 0, limit
     * {@link #getSize()}, big-endian like every fresh {@link ByteBuffer}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public ByteBuffer getBuffer() {
        return segment.buffer();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return segment.isClosed();
    }

    /** Ends this process's use of the segment; idempotent. Does not remove a name: see {@link #unlink()}. */
    @Override
    public void close() {
        segment.close();
    }

    /**
     * Removes the segment's name, so that no one can attach to it any more; the memory lives on
     * while a process maps it. Call it once, in one process. An anonymous segment has no name,
     * and this does nothing for it.
     *
     * @throws UncheckedIOException around a {@link java.nio.file.NoSuchFileException} if the name is gone
     */
    public void unlink() {
        segment.unlink();
    }

    @Override
    public String toString() {
        return "SharedMemory(" + (getName() == null ? "anonymous" : "'" + getName() + "'") + ", size=" + getSize()
                + (isClosed() ? ", closed" : "") + ")";
    }

    /**
     * A named segment travels by name (attached to where it arrives, as CPython's pickling does);
     * an anonymous one only by inheritance to a child being started.
     */
    private Object writeReplace() {
        return new Form(segment);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SharedMemory is rebuilt from its serialized form only");
    }

    private static final class Form implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Segment segment;

        Form(Segment segment) {
            this.segment = segment;
        }

        private Object readResolve() {
            return new SharedMemory(segment);
        }
    }
}
