package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.serialization.Serializer;

/**
 * CPython's {@code multiprocessing.SimpleQueue}: unbounded, no feeder thread (a put writes the
 * element itself, under the writer lock, waiting while the ring is full) and no size. It
 * recovers from killed processes as {@link Queue} does, and travels to children the same way.
 * Through the thread context ({@link #forThreads()}) it is CPython's
 * {@code multiprocessing.dummy.SimpleQueue}: elements pass by reference.
 *
 * @param <E> the elements' type
 */
public class SimpleQueue<E> extends BaseQueue<E> {
    private static final long serialVersionUID = 1L;

    /** An empty queue. */
    public SimpleQueue() {
        this(DefaultSerializer.get());
    }

    /** An empty queue whose elements go through {@code serializer}. */
    public SimpleQueue(Serializer serializer) {
        this(new SharedSimpleQueue<>(java.util.Objects.requireNonNull(serializer, "serializer")));
    }

    /** A queue in front of {@code channel}. */
    SimpleQueue(Channel<E> channel) {
        super(channel);
    }

    /**
     * A queue for processes of the thread context, what
     * {@code Multiprocessing.context("thread").simpleQueue()} makes. Elements pass by reference.
     */
    public static <E> SimpleQueue<E> forThreads() {
        return new SimpleQueue<>(new LocalChannel<>(0));
    }

    /**
     * CPython's {@code put(obj)}: writes it, waiting while the queue's ring is full.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws org.multiprocessing4j.serialization.SerializationException if it cannot be serialized
     */
    public void put(E item) throws InterruptedException {
        try {
            put(item, -1);
        } catch (Full impossible) {
            throw new AssertionError(impossible);
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
    public String toString() {
        return "<SimpleQueue" + (isClosed() ? "(closed)" : "") + ">";
    }
}
