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
 * A flag that processes wait for: CPython's {@code multiprocessing.Event}. Python's
 * {@code wait} is {@link #await()} here ({@code wait()} is {@link Object}'s). Handed to
 * children by inheritance only. Its memory is a block of an arena, as a {@link Lock}'s is.
 */
public final class Event implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int FLAG = 0;
    private static final int SLEEPERS = 4;

    private final transient Segment memory;
    private final transient ByteBuffer buffer;

    /** A new event, not set. */
    public Event() {
        this(Handed.newSegment());
    }

    Event(Segment memory) {
        this.memory = memory;
        this.buffer = memory.buffer();
    }

    /** Whether it is set. */
    public boolean isSet() {
        memory.requireOpen("Event");
        return Words.getIntVolatile(buffer, FLAG) != 0;
    }

    /** Sets it and wakes every process and thread that waits for it. */
    public void set() {
        memory.requireOpen("Event");
        Words.setIntVolatile(buffer, FLAG, 1);
        Words.wakeCounted(buffer, FLAG, SLEEPERS, Integer.MAX_VALUE);
    }

    /** Resets it, so that waiters block again. */
    public void clear() {
        memory.requireOpen("Event");
        Words.setIntVolatile(buffer, FLAG, 0);
    }

    /** Blocks until it is set. */
    public void await() throws InterruptedException {
        await(null);
    }

    /**
     * Blocks until it is set, at most {@code timeout} (null: for ever).
     *
     * @return whether it is set (false on time-out)
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return Words.awaitUntil(this::isSet, buffer, FLAG, 0, SLEEPERS, Words.nanos(timeout));
    }

    @Override
    public String toString() {
        return "<Event(" + (memory.isClosed() ? "closed" : isSet() ? "set" : "unset") + ")>";
    }

    /**
     * Ends this process's use of it at once, as {@link Lock#close()} does: its memory goes back
     * to be reused here unless a child was handed it. Idempotent; any later use in this process
     * throws {@link IllegalStateException}. No CPython counterpart.
     */
    @Override
    public void close() {
        memory.close();
    }

    private Object writeReplace() throws ObjectStreamException {
        return Handed.of(Handed.Kind.EVENT, "Event", memory, 0);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("an Event is rebuilt from its inherited form only");
    }
}
