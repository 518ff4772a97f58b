package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * What the public queues share in front of their {@link Channel}: whether this object was
 * closed (checked before the engine is asked anything), {@code empty}, {@code close}, and how
 * they travel to a child: by inheritance at {@code start()} only, as the engine allows.
 *
 * @param <E> the elements' type
 */
abstract class BaseQueue<E> implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    final transient Channel<E> channel;
    private transient volatile boolean closed;

    BaseQueue(Channel<E> channel) {
        this.channel = channel;
    }

    /** {@link Channel#put} once this object is checked open. */
    final void put(E item, long timeoutNanos) throws InterruptedException, Full {
        checkOpen();
        channel.put(item, timeoutNanos);
    }

    /**
     * {@link Channel#take} once this object is checked open.
     *
     * @throws org.multiprocessing4j.serialization.SerializationException if the element cannot be
     *         read (it has left the queue all the same): its cause is the serializer's IOException
     */
    final E take(long timeoutNanos) throws InterruptedException, Empty {
        checkOpen();
        return channel.take(timeoutNanos);
    }

    /**
     * CPython's {@code empty()}: whether no element is ready to be got now (a snapshot; elements
     * still in a feeder's buffer do not count).
     */
    public boolean empty() {
        return channel.empty();
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
        channel.close();
    }

    /**
     * @throws IllegalStateException after {@link #close()}, with CPython's ValueError message
     */
    final void checkOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " " + this + " is closed");
        }
    }

    /**
     * The serialized form; refused, as by CPython, outside a child's start (but for a queue the
     * cluster keeps, which goes anywhere), and for a queue of threads.
     */
    final Object writeReplace() throws ObjectStreamException {
        Object form = channel.inherited();
        if (channel.inheritedOnly()) {
            Inheritance.requireCollecting(getClass().getSimpleName());
        }
        if (closed) {
            throw new InvalidObjectException(getClass().getSimpleName() + " is closed");
        }
        return form;
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a queue is rebuilt from its inherited form only");
    }
}
