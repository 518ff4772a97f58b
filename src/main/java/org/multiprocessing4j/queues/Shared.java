package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.sync.Lock;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;

/**
 * What {@link Queue} and {@link SimpleQueue} share: the ring, the reader and writer locks (which
 * recover from a holder that died, logging a warning), {@code get}, {@code empty} and
 * {@code close}, and how they travel to a child: by inheritance at {@code start()} only.
 */
abstract class Shared<E> implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    final transient Segment segment;
    final transient Ring ring;
    final transient Lock readLock;
    final transient Lock writeLock;
    final transient Serializer serializer;
    /** Reads the message just taken from the ring; used under the reader lock only, so that a get allocates no reader. */
    private final transient PlainInput input = new PlainInput(new byte[0], 0, 0);
    /** What {@link #take} hands the ring, made once so that a get allocates none. */
    private final transient Runnable waiting = this::whileWaiting;
    private final transient Runnable dropped = () -> messageEnded(false);
    private transient volatile boolean closed;

    /**
     * @param ledger the queue's counts in {@code segment}, null if it keeps none
     */
    Shared(Segment segment, Lock readLock, Lock writeLock, Ledger ledger, Serializer serializer) {
        this.serializer = serializer;
        this.segment = segment;
        this.ring = new Ring(segment, ledger);
        this.readLock = readLock;
        this.writeLock = writeLock;
    }

    /**
     * Told when a message has left the queue: delivered by this process's get, or dropped because
     * the reader that began it died in the middle of it. (A message whose writer stopped in the
     * middle of it is counted out with that writer's account.)
     */
    abstract void messageEnded(boolean delivered);

    /**
     * Run every 50 ms while a get waits: takes the writer lock over from a holder that died
     * inside a message, which this reader would otherwise wait for in vain.
     */
    void whileWaiting() {
        if (ring.isOpen()) {
            takeOverWriter();
        }
    }

    /**
     * If the writer lock's holder has died, takes the lock over (logging it), repairs the ring
     * and lets the lock go; never waits.
     *
     * @return false if the lock is free or its holder alive
     */
    final boolean takeOverWriter() {
        if (!writeLock.recoverIfHolderDied()) {
            return false;
        }
        try {
            ring.repair();
        } finally {
            writeLock.release();
        }
        return true;
    }

    /**
     * The next element, waiting at most {@code timeoutNanos} (-1: for ever; 0: only looks) for the
     * reader lock and a message together.
     *
     * @throws SerializationException if the element cannot be read (it has left the queue all the
     *         same): its cause is the serializer's IOException (a {@code ClassRefusedException}...),
     *         and its message is the cause's
     */
    @SuppressWarnings("unchecked")
    final E take(long timeoutNanos) throws InterruptedException, Empty {
        checkOpen();
        long start = System.nanoTime();
        if (!readLock.acquire(timeoutNanos < 0 ? null : Duration.ofNanos(timeoutNanos))) {
            throw new Empty();
        }
        Object value = null;
        byte[] deferred = null;
        int length;
        SerializationException corrupt = null;
        try {
            long left = timeoutNanos < 0 ? -1 : Math.max(0, timeoutNanos - (System.nanoTime() - start));
            if (!ring.read(left, waiting, dropped)) {
                throw new Empty();
            }
            length = ring.length();
            input.reset(ring.data(), 0, length);
            try {
                value = Encoded.decodeInline(input);
            } catch (SerializationException e) {
                // The message has left the ring all the same: it is counted out below.
                corrupt = e;
            }
            if (value == Encoded.DEFERRED) {
                deferred = ring.detachData();
                // The reader must not keep a large message alive once the caller is done with it.
                input.reset(ring.data(), 0, 0);
            }
        } finally {
            readLock.release();
        }
        messageEnded(true);
        if (corrupt != null) {
            throw corrupt;
        }
        return (E) (deferred == null ? value : Encoded.decodeObject(deferred, length, serializer));
    }

    /**
     * CPython's {@code empty()}: whether no message is ready to be read now (a snapshot; messages
     * still in a feeder's buffer do not count).
     */
    public boolean empty() {
        return ring.isEmpty();
    }

    /** Whether {@link #close()} was called in this process. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * CPython's {@code close()}: this process will neither put nor get any more. Other
     * processes go on using the queue.
     */
    @Override
    public void close() {
        closed = true;
        segment.close();
    }

    /**
     * @throws IllegalStateException after {@link #close()}, with CPython's ValueError message
     */
    final void checkOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " " + this + " is closed");
        }
    }

    /** The serialized form; refused, as by CPython, outside a child's start. */
    abstract Inherited inherited();

    final Object writeReplace() throws ObjectStreamException {
        Inheritance.requireCollecting(getClass().getSimpleName());
        if (closed) {
            throw new InvalidObjectException(getClass().getSimpleName() + " is closed");
        }
        return inherited();
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a queue is rebuilt from its inherited form only");
    }
}
