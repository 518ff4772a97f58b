package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;

import java.io.ObjectStreamException;

/**
 * A semaphore whose value may not grow past its initial value: CPython's
 * {@code multiprocessing.BoundedSemaphore}.
 */
public final class BoundedSemaphore extends Semaphore {
    private static final long serialVersionUID = 1L;

    private final transient int bound;

    /** A bounded semaphore with the value and bound 1. */
    public BoundedSemaphore() {
        this(1);
    }

    /** A bounded semaphore with {@code value} units, which is also its bound. */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    BoundedSemaphore(Segment memory, int bound) {
        super(memory);
        this.bound = bound;
    }

    /**
     * Gives a unit back.
     *
     * @throws IllegalStateException if the value is at its bound already
     */
    @Override
    public void release() {
        int value = getValue();
        while (true) {
            if (value >= bound) {
                throw new IllegalStateException("semaphore or lock released too many times");
            }
            if (Words.compareAndSetInt(buffer, VALUE, value, value + 1)) {
                break;
            }
            value = getValue();
        }
        wakeOne();
    }

    @Override
    Object writeReplace() throws ObjectStreamException {
        return Handed.of(Handed.Kind.BOUNDED_SEMAPHORE, "BoundedSemaphore", memory(), bound);
    }
}
