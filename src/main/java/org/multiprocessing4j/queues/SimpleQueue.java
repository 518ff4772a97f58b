package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.sync.Lock;

/**
 * CPython's {@code multiprocessing.SimpleQueue}: unbounded, no feeder thread (a put writes the
 * element itself, under the writer lock, waiting while the ring is full) and no size. It
 * recovers from killed processes as {@link Queue} does, and travels to children the same way.
 *
 * @param <E> the elements' type
 */
public class SimpleQueue<E> extends Shared<E> {
    private static final long serialVersionUID = 1L;

    /** Guarded by the writer lock, which a thread of this process holds alone. */
    private final transient Frames frames = new Frames(256);

    /** An empty queue. */
    public SimpleQueue() {
        this(DefaultSerializer.get());
    }

    /** An empty queue whose elements go through {@code serializer}. */
    public SimpleQueue(Serializer serializer) {
        this(Segment.anonymous(Ring.SEGMENT_SIZE), new Lock(), new Lock(), java.util.Objects.requireNonNull(serializer, "serializer"));
    }

    SimpleQueue(Segment segment, Lock readLock, Lock writeLock, Serializer serializer) {
        super(segment, readLock, writeLock, null, serializer);
    }

    /**
     * CPython's {@code put(obj)}: writes it, waiting while the queue's ring is full.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws org.multiprocessing4j.serialization.SerializationException if it cannot be serialized
     */
    public void put(E item) throws InterruptedException {
        checkOpen();
        Encoded message = Encoded.of(item, serializer);
        writeLock.acquire();
        try {
            ring.repair();
            frames.size = 0;
            frames.append(message);
            ring.write(frames, null, Ring.NEVER);
        } finally {
            writeLock.release();
        }
    }

    /**
     * CPython's {@code get()}: waits until there is an element.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public E get() throws InterruptedException {
        try {
            return take(-1);
        } catch (Empty impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    void messageEnded(boolean delivered) {
        // Nothing counts the elements of a SimpleQueue.
    }

    @Override
    Inherited inherited() {
        return new Inherited(Inherited.Kind.SIMPLE, 0, segment, readLock, writeLock, null, serializer);
    }

    @Override
    public String toString() {
        return "<SimpleQueue" + (isClosed() ? "(closed)" : "") + ">";
    }
}
