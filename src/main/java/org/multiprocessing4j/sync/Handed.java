package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * How a primitive of this package travels to a child: its kind, its segment (inherited by
 * descriptor) and its bound. Outside a child's start it is refused with CPython's explanation.
 */
final class Handed implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { LOCK, RLOCK, SEMAPHORE, BOUNDED_SEMAPHORE, EVENT }

    private final Kind kind;
    private final Segment memory;
    private final int bound;

    private Handed(Kind kind, Segment memory, int bound) {
        this.kind = kind;
        this.memory = memory;
        this.bound = bound;
    }

    /** The serialized form of a primitive named {@code what} in messages. */
    static Handed of(Kind kind, String what, Segment memory, int bound) throws InvalidObjectException {
        Inheritance.requireCollecting(what);
        if (memory.isClosed()) {
            throw new InvalidObjectException(what + " is closed");
        }
        return new Handed(kind, memory, bound);
    }

    /**
     * The memory of a new primitive: a cache line, of which it uses 24 bytes at most, so that
     * the words of different primitives never share one.
     */
    static Segment newSegment() {
        return Segment.small(64);
    }

    private Object readResolve() throws ObjectStreamException {
        switch (kind) {
            case LOCK:
                return new Lock(memory);
            case RLOCK:
                return new RLock(memory);
            case SEMAPHORE:
                return new Semaphore(memory);
            case BOUNDED_SEMAPHORE:
                return new BoundedSemaphore(memory, bound);
            case EVENT:
                return new Event(memory);
            default:
                throw new InvalidObjectException("unknown primitive " + kind);
        }
    }
}
