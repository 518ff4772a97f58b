package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.internal.engine.Queues;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.serialization.Serializer;

import java.time.Duration;

/**
 * A FIFO queue shared by processes: CPython's {@code multiprocessing.Queue}. Created in a parent
 * and reachable from a {@code Process} target, it is inherited by the child at
 * {@code start()}; sending it later through a connection is refused, as in CPython.
 *
 * <p>As in CPython, {@link #put} serializes the element and hands it to a feeder thread, then
 * returns: the bytes reach the queue a moment later. An element that cannot be serialized fails
 * in {@code put}, in the caller's thread, with a
 * {@link org.multiprocessing4j.serialization.SerializationException}, and nothing is queued. A
 * count in shared memory of the elements put and not yet got (those still buffered too) bounds
 * the queue at {@code maxSize} and gives {@link #qsize()} on every system (CPython has none on
 * macOS).
 *
 * <p>Unlike CPython's, the queue survives processes killed while they use it: no torn message is
 * ever delivered, a message whose writer died in the middle of it is dropped (with a warning),
 * and a reader killed inside a message neither blocks the others nor desynchronizes them (the
 * reader and writer locks are taken over from dead holders, also with a warning). Messages live
 * in a ring buffer in shared memory; see {@code Ring} for how. What a killed process had only
 * buffered (put returned, its feeder had not written it) is lost, as in CPython, but not its
 * count. Any process that finds the dead one (a put waiting for room, a get waiting for an
 * element or {@link JoinableQueue#join()}, each looking every 0.1 s while it waits;
 * {@link #qsize()} and {@link #full()}, when called) counts the lost elements out, which frees
 * their room and ends their tasks, and a warning names the process and how many it lost. See
 * {@code Ledger} for how, and for the few instructions of a consumer's or recoverer's death
 * that it does not cover.
 *
 * <p>When this process exits normally, it first waits until its feeder has written everything
 * buffered (CPython's join thread), unless {@link #cancelJoinThread()} was called: then the
 * feeder stops where it may (ending, unseen by readers, a message it was inside) and what it
 * had not written is counted out quietly, as CPython loses it.
 *
 * <p>Made through {@code Multiprocessing.context("thread")} ({@link #forThreads(int)}), the
 * queue is CPython's {@code multiprocessing.dummy.Queue}: the same methods over a buffer of
 * references in this JVM, for processes that are threads. Elements are not serialized (they keep
 * their identity and need not be serializable), a put is in the queue when it returns, and the
 * queue cannot go to another process.
 *
 * <p>Made through {@code Multiprocessing.context("cluster")}, the queue lives on the cluster's
 * members (a Hazelcast {@code IQueue}): a put is on the members when it returns (no feeder, so
 * {@link #joinThread()} and {@link #cancelJoinThread()} do nothing, and {@link #close()} only
 * ends this object's use), and the queue may be handed to any process, a child at its start, a
 * pool's task on another machine or a message, which attaches to the cluster to use it.
 *
 * @param <E> the elements' type
 */
public class Queue<E> extends BaseQueue<E> {
    private static final long serialVersionUID = 1L;

    static {
        // How the cluster's context makes a queue over its engine (internal.engine.Queues.over).
        Queues.install(Queue.class, (engine, serializer) -> new Queue<>(new EngineChannel<>(engine, serializer, false)));
    }

    private final transient Channel.Bounded<E> bounded;

    /** An unbounded queue: CPython's {@code Queue()}. */
    public Queue() {
        this(0);
    }

    /**
     * CPython's {@code Queue(maxsize)}.
     *
     * @param maxSize at most this many elements at once; 0 or less: unbounded
     */
    public Queue(int maxSize) {
        this(maxSize, DefaultSerializer.get());
    }

    /**
     * CPython's {@code Queue(maxsize)} whose elements go through {@code serializer} (what
     * {@code ctx.queue(maxSize)} makes); the queue keeps it in every process it is handed to.
     *
     * @param maxSize at most this many elements at once; 0 or less: unbounded
     */
    public Queue(int maxSize, Serializer serializer) {
        this(new SharedQueue<>(maxSize, java.util.Objects.requireNonNull(serializer, "serializer")));
    }

    /** A queue in front of {@code channel}. */
    Queue(Channel.Bounded<E> channel) {
        super(channel);
        this.bounded = channel;
    }

    /**
     * A queue for processes of the thread context, what {@code Multiprocessing.context("thread")
     * .queue(maxSize)} makes: CPython's {@code multiprocessing.dummy.Queue(maxsize)}. Elements
     * pass by reference.
     *
     * @param maxSize at most this many elements at once; 0 or less: unbounded
     */
    public static <E> Queue<E> forThreads(int maxSize) {
        return new Queue<>(new LocalChannel<>(maxSize));
    }

    /** The most elements it holds at once ({@link Integer#MAX_VALUE} when unbounded). */
    public int getMaxSize() {
        return bounded.maxSize();
    }

    /** CPython's {@code put(obj)}: waits while the queue is full. */
    public void put(E item) throws InterruptedException {
        try {
            put(item, true, null);
        } catch (Full impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** CPython's {@code put(obj, timeout=...)}: waits at most {@code timeout} (null: for ever) while full. */
    public void put(E item, Duration timeout) throws InterruptedException, Full {
        put(item, true, timeout);
    }

    /**
     * CPython's {@code put(obj, block, timeout)}.
     *
     * @throws Full                   if the queue stayed full (at once when not {@code block})
     * @throws IllegalStateException  after {@link #close()}
     * @throws org.multiprocessing4j.serialization.SerializationException if it cannot be serialized
     */
    public void put(E item, boolean block, Duration timeout) throws InterruptedException, Full {
        put(item, block ? Words.nanos(timeout) : 0);
    }

    /** CPython's {@code put_nowait(obj)}. */
    public void putNowait(E item) throws Full {
        try {
            put(item, false, null);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** CPython's {@code get()}: waits until there is an element. */
    public E get() throws InterruptedException {
        try {
            return take(-1);
        } catch (Empty impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** CPython's {@code get(timeout=...)}: waits at most {@code timeout} (null: for ever). */
    public E get(Duration timeout) throws InterruptedException, Empty {
        return take(Words.nanos(timeout));
    }

    /**
     * CPython's {@code get(block, timeout)}.
     *
     * @throws Empty                 if no element came (at once when not {@code block})
     * @throws IllegalStateException after {@link #close()}: "Queue ... is closed", CPython's ValueError
     */
    public E get(boolean block, Duration timeout) throws InterruptedException, Empty {
        return take(block ? Words.nanos(timeout) : 0);
    }

    /** CPython's {@code get_nowait()}. */
    public E getNowait() throws Empty {
        try {
            return take(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Empty();
        }
    }

    /**
     * CPython's {@code qsize()}: the number of elements put and not yet got, in every process
     * (a snapshot). Works on every system, where CPython's raises NotImplementedError on macOS.
     * Elements lost with a killed process are not counted once its death is noticed.
     */
    public int qsize() {
        return bounded.qsize();
    }

    /** CPython's {@code full()}: whether a put would wait now. */
    public boolean full() {
        return bounded.full();
    }

    /**
     * CPython's {@code close()}: this process puts no more; its feeder ends once it has written
     * what is buffered. Gets are refused too.
     */
    @Override
    public void close() {
        super.close();
    }

    /**
     * CPython's {@code join_thread()}: waits until the feeder has written everything buffered and
     * ended (at once in the thread context, which has no feeder).
     *
     * @throws IllegalStateException unless {@link #close()} was called
     */
    public void joinThread() throws InterruptedException {
        if (!isClosed()) {
            throw new IllegalStateException("Queue " + this + " not closed");
        }
        bounded.joinThread();
    }

    /**
     * CPython's {@code cancel_join_thread()}: this process's exit will not wait for the feeder,
     * so what it has not written yet may be lost. Does nothing in the thread context.
     */
    public void cancelJoinThread() {
        bounded.cancelJoinThread();
    }

    @Override
    public String toString() {
        int maxSize = getMaxSize();
        return "<" + getClass().getSimpleName() + "(maxsize=" + (maxSize == Integer.MAX_VALUE ? "unbounded" : maxSize)
                + (isClosed() ? ", closed" : "") + ")>";
    }
}
