package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.sync.Condition;
import org.multiprocessing4j.sync.Lock;

import java.io.Serializable;

/**
 * How a queue travels to a child being started: its shared parts, each inherited as its own
 * kind is, and its serializer. The child builds its own queue object around them, with an empty buffer and no
 * feeder yet, as CPython's {@code __setstate__} does.
 */
final class Inherited implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { QUEUE, JOINABLE, SIMPLE }

    private final Kind kind;
    private final int maxSize;
    private final Segment segment;
    private final Lock readLock;
    private final Lock writeLock;
    private final Condition condition;
    private final Serializer serializer;

    /**
     * @param condition a {@link JoinableQueue}'s, else null; the counts are in {@code segment}
     */
    Inherited(Kind kind, int maxSize, Segment segment, Lock readLock, Lock writeLock, Condition condition,
              Serializer serializer) {
        this.serializer = serializer;
        this.kind = kind;
        this.maxSize = maxSize;
        this.segment = segment;
        this.readLock = readLock;
        this.writeLock = writeLock;
        this.condition = condition;
    }

    private Object readResolve() {
        switch (kind) {
            case SIMPLE:
                return new SimpleQueue<>(segment, readLock, writeLock, serializer);
            case JOINABLE:
                return new JoinableQueue<>(maxSize, segment, readLock, writeLock, condition, serializer);
            default:
                return new Queue<>(maxSize, segment, readLock, writeLock, serializer);
        }
    }
}
