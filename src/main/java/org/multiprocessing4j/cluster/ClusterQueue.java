package org.multiprocessing4j.cluster;

import com.hazelcast.collection.IQueue;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A queue shared by every process attached to the cluster, by name: the shape of
 * {@link org.multiprocessing4j.queues.Queue} (Python's {@code multiprocessing.Queue}) over a
 * Hazelcast {@code IQueue}. Elements are serialized by Hazelcast (they must be
 * {@link java.io.Serializable}); null is not an element. The queue lives on the members, with a
 * backup on another member.
 */
public class ClusterQueue<E> {
    private final IQueue<E> queue;

    ClusterQueue(IQueue<E> queue) {
        this.queue = queue;
    }

    /** The queue's name. */
    public String getName() {
        return queue.getName();
    }

    /** Python's {@code put(obj)}: waits while the queue is full. */
    public void put(E element) throws InterruptedException {
        try {
            offer(element, -1);
        } catch (Full impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Python's {@code put(obj, timeout=...)}: waits up to {@code timeout} while the queue is full.
     *
     * @throws Full if the queue was still full
     */
    public void put(E element, Duration timeout) throws InterruptedException, Full {
        offer(element, Math.max(0, timeout.toNanos()));
    }

    /**
     * Python's {@code put_nowait(obj)}.
     *
     * @throws Full if the queue is full
     */
    public void putNowait(E element) throws Full {
        try {
            offer(element, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Full();
        }
    }

    /** Puts {@code element}, waiting at most {@code nanos} (-1: as long as it takes) for room. */
    private void offer(E element, long nanos) throws InterruptedException, Full {
        Objects.requireNonNull(element, "element");
        beforePut();
        boolean put = false;
        try {
            if (nanos < 0) {
                queue.put(element);
                put = true;
            } else {
                put = nanos == 0 ? queue.offer(element) : queue.offer(element, nanos, TimeUnit.NANOSECONDS);
            }
        } finally {
            if (!put) {
                putFailed();
            }
        }
        if (!put) {
            throw new Full();
        }
    }

    /** Python's {@code get()}: takes the head, waiting until there is one. */
    public E get() throws InterruptedException {
        return got(queue.take());
    }

    /**
     * Python's {@code get(timeout=...)}: takes the head, waiting up to {@code timeout} for one.
     *
     * @throws Empty if none came
     */
    public E get(Duration timeout) throws InterruptedException, Empty {
        E element = queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        if (element == null) {
            throw new Empty();
        }
        return got(element);
    }

    /**
     * Python's {@code get_nowait()}: takes the head if there is one now.
     *
     * @throws Empty if the queue is empty
     */
    public E getNowait() throws Empty {
        E element = queue.poll();
        if (element == null) {
            throw new Empty();
        }
        return got(element);
    }

    /** Python's {@code qsize()}: the number of elements now. */
    public int qsize() {
        return queue.size();
    }

    /** Python's {@code empty()}: true if the queue is empty now. */
    public boolean empty() {
        return queue.isEmpty();
    }

    /** Python's {@code full()}: true if the queue is full now. */
    public boolean full() {
        return queue.remainingCapacity() == 0;
    }

    /** Before an element is put: a joinable queue counts its task first, so that no join misses it. */
    void beforePut() {
    }

    /** The element was not put after all. */
    void putFailed() {
    }

    /** An element was taken by this process: a joinable queue records who holds its task. */
    E got(E element) {
        return element;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + queue.getName() + "]";
    }
}
