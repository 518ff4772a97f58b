package org.multiprocessing4j.internal.memory;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.platform.ResourceLimitException;
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
 * <p>A <em>small</em> segment ({@link #small}: a lock, a value) is a block of an arena, an
 * anonymous segment that many small ones share (see {@link Heap}), so that their number does
 * not bound the number of descriptors: a child inherits an arena's descriptor once, however
 * many of its blocks it gets. A block is given back when its segment is closed, or else once no
 * buffer of it is reachable (not merely the segment: a thread still working on a buffer keeps
 * its block), and this process reuses it only if it was never handed to a child.
 *
 * <p>{@link #close()} ends this process's use of the segment. Buffers from {@link #buffer()}
 * stay valid memory until they are unreachable (the mapping is released then), so a late use
 * cannot crash the JVM. (A late use of a small segment's buffer after close() may reach the block
 * of a newer small segment of this process, but never a block another process uses.)
 *
 * <p>When the process is out of descriptors or mappings, making a segment collects garbage and
 * tries again for about half a second, as the JDK does for direct buffers: segments that were
 * dropped without {@link #close()} give theirs back once collected.
 */
public final class Segment implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    /** Closes the descriptors of unreachable segments, and gives back the blocks of unreachable small ones. */
    static final Cleaner CLEANER = Cleaner.create();
    /** How many times a call that hit a limit is tried again, waiting twice as long each time from 1 ms. */
    private static final int RETRIES = 9;

    private final transient String name;
    private final transient long size;
    /** A segment of its own: its descriptor. Null for a block of an arena. */
    private final transient Closer closer;
    private final transient Cleaner.Cleanable cleanable;
    /** A small segment: its block of an arena. Null for a segment of its own. */
    private final transient Block block;
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
            handle = collectingAtLimits(() -> name == null ? segments.createAnonymous(size) : segments.open(name, create, size));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.closer = new Closer(handle);
        this.cleanable = CLEANER.register(this, closer);
        this.block = null;
        try {
            this.size = create ? size : segments.size(handle);
            this.mapping = collectingAtLimits(() -> segments.map(handle, this.size));
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
        this.block = null;
        try {
            this.mapping = collectingAtLimits(() -> Platform.segments().map(inheritedHandle, size));
        } catch (IOException | RuntimeException e) {
            cleanable.clean();
            throw e;
        }
    }

    /** Around a block of an arena. */
    private Segment(Block block) {
        this.name = null;
        this.size = block.size;
        this.closer = null;
        this.cleanable = null;
        this.block = block;
        ByteBuffer view = Platform.segments().view(block.arena.memory, block.offset(), block.size);
        // On the view, not on this object: every buffer of the block keeps the view reachable,
        // so a thread still waiting on a word of a dropped lock keeps its block from reuse.
        CLEANER.register(view, block::release);
        this.mapping = view;
    }

    /** In a child: the segment it inherited as descriptor {@code index}. */
    static Segment inherited(int index, long size) throws IOException {
        return new Segment(Inheritance.inherited(index), size);
    }

    /** A call that may fail for want of descriptors or mappings. */
    private interface LimitedCall<T> {
        T call() throws IOException;
    }

    /**
     * Makes {@code call}; if the process is out of descriptors or mappings, collects garbage (the
     * cleaners of unreachable segments then close and unmap theirs) and tries again, waiting 1,
     * 2, 4… ms, about half a second in all, as {@code java.nio.Bits} does for direct memory.
     */
    private static <T> T collectingAtLimits(LimitedCall<T> call) throws IOException {
        ResourceLimitException first;
        try {
            return call.call();
        } catch (ResourceLimitException e) {
            first = e;
        }
        System.gc();
        long sleep = 1;
        for (int retry = 0; retry < RETRIES; retry++, sleep *= 2) {
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw first;
            }
            try {
                return call.call();
            } catch (ResourceLimitException e) {
                // Cleaners may still be at work: wait longer.
            }
        }
        throw first;
    }

    /** An anonymous segment of {@code size} bytes, zero-filled. */
    public static Segment anonymous(long size) {
        return new Segment(null, true, size);
    }

    /**
     * An anonymous segment of {@code size} bytes, zero-filled, for a small shared object: a
     * block of an arena that it shares with other small segments when {@code size} is at most
     * 32 KiB, else a segment of its own ({@link #anonymous}). A block starts on a cache line of
     * its own (64 bytes).
     */
    public static Segment small(long size) {
        if (size <= 0 || size > Heap.LARGEST) {
            return anonymous(size);
        }
        return new Segment(Heap.allocate((int) size));
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

    /**
     * Throws {@link IllegalStateException} ("{@code what} is closed") after {@link #close()}: for
     * the objects made of segments, whose use after close() must say so rather than go on.
     */
    public void requireOpen(String what) {
        if (mapping == null) {
            throw new IllegalStateException(what + " is closed");
        }
    }

    /**
     * Ends this process's use of the segment; idempotent. Does not remove a name: see
     * {@link #unlink()}. A small segment's block goes back to its arena at once.
     */
    @Override
    public void close() {
        mapping = null;
        if (block == null) {
            cleanable.clean();
        } else {
            // Not through the cleaner, which stays registered: its hold on the arena keeps the
            // memory mapped while a stale buffer of the block is reachable.
            block.release();
        }
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
                + (block != null ? ", in an arena" : "") + (isClosed() ? ", closed" : "") + ")";
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
        if (block != null) {
            return new InArena(block.arena.id, Heap.handOn(block, "SharedMemory"), Arena.SIZE, block.offset(), block.size);
        }
        return new Inherited(registerForChild("SharedMemory"), size);
    }

    /**
     * Registers this segment's descriptor for the child being started.
     *
     * @throws InvalidObjectException outside a child's start, naming {@code what}
     */
    int registerForChild(String what) throws InvalidObjectException {
        return Inheritance.registerOrRefuse(closer.handle, what);
    }

    /** The id of the arena a small segment is a block of, 0 for a segment of its own (for tests). */
    long arenaId() {
        return block == null ? 0 : block.arena.id;
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
                return inherited(index, size);
            } catch (IOException e) {
                throw cannotMap("inherited shared memory", e);
            }
        }
    }

    /** A block of an arena: which arena, its descriptor's index in the child, and where the block is. */
    private static final class InArena implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long arena;
        private final int index;
        private final int arenaSize;
        private final int offset;
        private final int size;

        InArena(long arena, int index, int arenaSize, int offset, int size) {
            this.arena = arena;
            this.index = index;
            this.arenaSize = arenaSize;
            this.offset = offset;
            this.size = size;
        }

        private Object readResolve() throws ObjectStreamException {
            try {
                return new Segment(Heap.inherited(arena, index, arenaSize, offset, size));
            } catch (IOException e) {
                throw cannotMap("an inherited arena", e);
            }
        }
    }

    private static InvalidObjectException cannotMap(String what, IOException e) {
        InvalidObjectException failure = new InvalidObjectException("cannot map " + what + ": " + e);
        failure.initCause(e);
        return failure;
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
