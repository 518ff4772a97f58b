package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.sync.Lock;

/**
 * The engine of a {@link SimpleQueue} in shared memory: CPython's
 * {@code multiprocessing.SimpleQueue}, unbounded, no feeder thread (a put writes the element
 * itself, under the writer lock, waiting while the ring is full) and no size. It recovers from
 * killed processes as {@link SharedQueue} does, and travels to children the same way.
 *
 * @param <E> the elements' type
 */
final class SharedSimpleQueue<E> extends Shared<E> {
    /** Guarded by the writer lock, which a thread of this process holds alone. */
    private final Frames frames = new Frames(256);

    /** A new queue through {@code serializer}. */
    SharedSimpleQueue(Serializer serializer) {
        this(Segment.anonymous(Ring.SEGMENT_SIZE), new Lock(), new Lock(), serializer);
    }

    SharedSimpleQueue(Segment segment, Lock readLock, Lock writeLock, Serializer serializer) {
        super(segment, readLock, writeLock, null, serializer);
    }

    /** Writes {@code item} itself, waiting while the ring is full: a SimpleQueue has no bound, so never {@link Full}. */
    @Override
    public void put(E item, long timeoutNanos) throws InterruptedException {
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

    @Override
    void messageEnded(boolean delivered) {
        // Nothing counts the elements of a SimpleQueue.
    }

    @Override
    public Inherited inherited() {
        return new Inherited(Inherited.Kind.SIMPLE, 0, segment, readLock, writeLock, null, serializer);
    }
}
