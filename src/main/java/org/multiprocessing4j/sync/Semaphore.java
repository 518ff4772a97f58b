package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A counting semaphore shared by processes: CPython's {@code multiprocessing.Semaphore}.
 * Handed to children by inheritance only. A semaphore has no owner, so a process that dies
 * between {@code acquire} and {@code release} keeps its unit, as in CPython. Its memory is a
 * block of an arena, as a {@link Lock}'s is.
 */
public class Semaphore implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    static final int VALUE = 0;
    /** How many threads may be asleep on the value, so that a release wakes only when needed. */
    private static final int SLEEPERS = 4;

    private final transient Segment memory;
    final transient ByteBuffer buffer;

    /** A semaphore with the value 1. */
    public Semaphore() {
        this(1);
    }

    /** A semaphore with {@code value} units. */
    public Semaphore(int value) {
        this(segmentFor(value));
        Words.setIntVolatile(buffer, VALUE, value);
    }

    private static Segment segmentFor(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0, not " + value);
        }
        return Handed.newSegment();
    }

    Semaphore(Segment memory) {
        this.memory = memory;
        this.buffer = memory.buffer();
    }

    /** Takes a unit, blocking while there is none. */
    public void acquire() throws InterruptedException {
        take(-1);
    }

    /**
     * CPython's {@code acquire(timeout=...)}: takes a unit, waiting at most {@code timeout}
     * (null: for ever; zero or negative: only tries), as {@link Lock#acquire(Duration)}.
     *
     * @return whether a unit was taken
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return take(Words.nanos(timeout));
    }

    /**
     * CPython's {@code acquire(block, timeout)}: with {@code block}, as {@link #acquire(Duration)};
     * without, only tries.
     *
     * @return whether a unit was taken
     */
    public boolean acquire(boolean block, Duration timeout) throws InterruptedException {
        return block ? acquire(timeout) : tryAcquire();
    }

    /** {@link #acquire(Duration)} under {@link java.util.concurrent.Semaphore}'s name. */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return acquire(timeout);
    }

    /** Takes a unit if there is one now. */
    public boolean tryAcquire() {
        requireOpen();
        int value = Words.getIntVolatile(buffer, VALUE);
        while (value > 0) {
            if (Words.compareAndSetInt(buffer, VALUE, value, value - 1)) {
                return true;
            }
            value = Words.getIntVolatile(buffer, VALUE);
        }
        return false;
    }

    private boolean take(long timeoutNanos) throws InterruptedException {
        return Words.awaitUntil(this::tryAcquire, buffer, VALUE, 0, SLEEPERS, timeoutNanos);
    }

    /** Gives a unit back and wakes a waiter if there is one. */
    public void release() {
        requireOpen();
        Words.getAndAddInt(buffer, VALUE, 1);
        wakeOne();
    }

    final void wakeOne() {
        Words.wakeCounted(buffer, VALUE, SLEEPERS, 1);
    }

    /** The number of units now (CPython's {@code get_value()}; a snapshot). */
    public int getValue() {
        requireOpen();
        return Words.getIntVolatile(buffer, VALUE);
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + "(" + (memory.isClosed() ? "closed" : "value=" + getValue()) + ")>";
    }

    /**
     * Ends this process's use of it at once, as {@link Lock#close()} does: its memory goes back
     * to be reused here unless a child was handed it. Idempotent; any later use in this process
     * throws {@link IllegalStateException}. No CPython counterpart.
     */
    @Override
    public final void close() {
        memory.close();
    }

    /** Throws {@link IllegalStateException} ("Semaphore is closed") after {@link #close()}. */
    private void requireOpen() {
        if (memory.isClosed()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
    }

    Object writeReplace() throws ObjectStreamException {
        return Handed.of(Handed.Kind.SEMAPHORE, "Semaphore", memory, 0);
    }

    final Segment memory() {
        return memory;
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Semaphore is rebuilt from its inherited form only");
    }
}
