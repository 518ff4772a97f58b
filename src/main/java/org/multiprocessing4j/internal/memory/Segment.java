package org.multiprocessing4j.internal.memory;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.platform.Segments;
import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A block of memory shared between processes, as the platform gives it: what
 * {@code SharedMemory}, the locks, the queues' rings and the shared values are made of.
 *
 * <p>An <em>anonymous</em> segment has no name at all: it is handed to children by inheritance
 * (reachable from a {@code Process} target at {@code start()}) and vanishes with the last
 * process that holds it, however that process ends, so nothing needs to be unlinked and nothing
 * can leak. A <em>named</em> segment can be attached to by any process that knows the name, and
 * its name stays until {@link #unlink()}; it travels by name when serialized.
 *
 * <p>{@link #close()} ends this process's use of the segment. Buffers from {@link #buffer()}
 * stay valid memory until they are unreachable (the mapping is released then), so a late use
 * cannot crash the JVM.
 */
public final class Segment implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Cleaner CLEANER = Cleaner.create();

    private final transient String name;
    private final transient long size;
    private final transient Closer closer;
    private final transient Cleaner.Cleanable cleanable;
    private transient volatile ByteBuffer mapping;

    /**
     * A segment, as CPython's {@code SharedMemory(name, create, size)} makes one.
     *
     * @param name   the segment's name, or null for an anonymous one (then {@code create} must
     *               be true)
     * @param create whether to create the segment (a name that exists already is an error) or
     *               to attach to an existing one (then {@code size} is ignored)
     * @param size   the size in bytes of a segment to create, at least 1
     * @throws java.nio.file.FileAlreadyExistsException (as {@link UncheckedIOException}) creating
     *                                                  a name that exists
     * @throws java.nio.file.NoSuchFileException        (as {@link UncheckedIOException}) attaching
     *                                                  to a name that does not
     */
    public Segment(String name, boolean create, long size) {
        if (!create && name == null) {
            throw new IllegalArgumentException("'name' can only be null if create is true");
        }
        if (create && (size <= 0 || size > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("'size' must be a positive number of bytes up to "
                    + Integer.MAX_VALUE + ", not " + size);
        }
        Segments segments = Platform.segments();
        long handle;
        try {
            handle = name == null ? segments.createAnonymous(size) : segments.open(name, create, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.closer = new Closer(handle);
        this.cleanable = CLEANER.register(this, closer);
        try {
            this.size = create ? size : segments.size(handle);
            this.mapping = segments.map(handle, this.size);
        } catch (IOException | RuntimeException e) {
            cleanable.clean();
            throw e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
        }
        this.name = name;
    }

    /** In a child: around the descriptor it inherited. */
    private Segment(long inheritedHandle, long size) throws IOException {
        this.name = null;
        this.size = size;
        this.closer = new Closer(inheritedHandle);
        this.cleanable = CLEANER.register(this, closer);
        try {
            this.mapping = Platform.segments().map(inheritedHandle, size);
        } catch (IOException | RuntimeException e) {
            cleanable.clean();
            throw e;
        }
    }

    /** An anonymous segment of {@code size} bytes, zero-filled. */
    public static Segment anonymous(long size) {
        return new Segment(null, true, size);
    }

    /** Attaches to the named segment {@code name}. */
    public static Segment attach(String name) {
        return new Segment(name, false, 0);
    }

    /** The name, or null for an anonymous segment. */
    public String getName() {
        return name;
    }

    /** The size in bytes (on Windows, of an attached segment: rounded up to whole pages, as in CPython). */
    public long getSize() {
        return size;
    }

    /**
     * A new view of the whole segment: position 0, limit {@link #getSize()}, big-endian like
     * every fresh {@link ByteBuffer}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public ByteBuffer buffer() {
        ByteBuffer root = mapping;
        if (root == null) {
            throw new IllegalStateException("shared memory is closed");
        }
        return root.duplicate();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return mapping == null;
    }

    /** Ends this process's use of the segment; idempotent. Does not remove a name: see {@link #unlink()}. */
    @Override
    public void close() {
        mapping = null;
        cleanable.clean();
    }

    /**
     * Removes the segment's name, so that no one can attach to it any more; the memory lives on
     * while a process maps it. Call it once, in one process. An anonymous segment has no name,
     * and this does nothing for it.
     *
     * @throws java.nio.file.NoSuchFileException (as {@link UncheckedIOException}) if the name is gone
     */
    public void unlink() {
        if (name == null) {
            return;
        }
        try {
            Platform.segments().unlink(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Segment(" + (name == null ? "anonymous" : "'" + name + "'") + ", size=" + size
                + (isClosed() ? ", closed" : "") + ")";
    }

    /**
     * A named segment travels by name (attached to where it arrives, as CPython's pickling does);
     * an anonymous one only by inheritance to a child being started.
     */
    private Object writeReplace() throws ObjectStreamException {
        if (isClosed()) {
            throw new InvalidObjectException("closed shared memory cannot be handed to another process");
        }
        if (name != null) {
            return new Named(name);
        }
        return new Inherited(Inheritance.registerOrRefuse(closer.handle, "SharedMemory"), size);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a segment is rebuilt from its serialized form only");
    }

    private static final class Named implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;

        Named(String name) {
            this.name = name;
        }

        private Object readResolve() {
            return attach(name);
        }
    }

    private static final class Inherited implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final long size;

        Inherited(int index, long size) {
            this.index = index;
            this.size = size;
        }

        private Object readResolve() throws ObjectStreamException {
            try {
                return new Segment(Inheritance.inherited(index), size);
            } catch (IOException e) {
                InvalidObjectException failure = new InvalidObjectException("cannot map inherited shared memory: " + e);
                failure.initCause(e);
                throw failure;
            }
        }
    }

    /** Closes the descriptor once; must not refer to the segment or it would keep it reachable. */
    private static final class Closer implements Runnable {
        private final AtomicBoolean closed = new AtomicBoolean();
        private final long handle;

        Closer(long handle) {
            this.handle = handle;
        }

        @Override
        public void run() {
            if (closed.compareAndSet(false, true)) {
                Platform.descriptors().close(handle);
            }
        }
    }
}
