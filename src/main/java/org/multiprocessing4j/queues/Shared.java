package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.sync.Lock;

import java.time.Duration;

/**
 * The queues' engine in shared memory, what {@link SharedQueue} and {@link SharedSimpleQueue}
 * share: the ring, the reader and writer locks (which recover from a holder that died, logging
 * a warning), {@code get}, {@code empty} and {@code close}. They travel to a child by
 * inheritance at {@code start()} only ({@link #inherited()}).
 */
abstract class Shared<E> implements Channel<E> {
    final Segment segment;
    final Ring ring;
    final Lock readLock;
    final Lock writeLock;
    final Serializer serializer;
    /** Reads the message just taken from the ring; used under the reader lock only, so that a get allocates no reader. */
    private final PlainInput input = new PlainInput(new byte[0], 0, 0);
    /** What {@link #take} hands the ring, made once so that a get allocates none. */
    private final Runnable waiting = this::whileWaiting;
    private final Runnable dropped = () -> messageEnded(false);

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
    @Override
    @SuppressWarnings("unchecked")
    public final E take(long timeoutNanos) throws InterruptedException, Empty {
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
    @Override
    public boolean empty() {
        return ring.isEmpty();
    }

    /** This process will neither put nor get any more; other processes go on using the queue. */
    @Override
    public void close() {
        segment.close();
    }

    /** The serialized form: the shared parts, which a child being started inherits. */
    @Override
    public abstract Inherited inherited();
}
