package org.multiprocessing4j.cluster;

import com.hazelcast.collection.IQueue;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A queue shared by every process attached to the cluster, by name: the shape of
 * {@link org.multiprocessing4j.queues.Queue} over a Hazelcast {@code IQueue}. Elements are
 * serialized by Hazelcast (they must be {@link java.io.Serializable}); null is not an element.
 * The queue lives on the members, with a backup on another member.
 */
public final class ClusterQueue<E> {
    private final IQueue<E> queue;

    ClusterQueue(IQueue<E> queue) {
        this.queue = queue;
    }

    /** The queue's name. */
    public String getName() {
        return queue.getName();
    }

    /** Puts {@code element}, waiting while the queue is full. */
    public void put(E element) throws InterruptedException {
        queue.put(Objects.requireNonNull(element, "element"));
    }

    /**
     * Puts {@code element}, waiting up to {@code timeout} while the queue is full.
     *
     * @throws Full if the queue was still full
     */
    public void put(E element, Duration timeout) throws InterruptedException, Full {
        if (!queue.offer(Objects.requireNonNull(element, "element"), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new Full();
        }
    }

    /**
     * Puts {@code element} if there is room now.
     *
     * @throws Full if the queue is full
     */
    public void putNowait(E element) throws Full {
        if (!queue.offer(Objects.requireNonNull(element, "element"))) {
            throw new Full();
        }
    }

    /** Takes the head, waiting until there is one. */
    public E get() throws InterruptedException {
        return queue.take();
    }

    /**
     * Takes the head, waiting up to {@code timeout} for one.
     *
     * @throws Empty if none came
     */
    public E get(Duration timeout) throws InterruptedException, Empty {
        E element = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (element == null) {
            throw new Empty();
        }
        return element;
    }

    /**
     * Takes the head if there is one now.
     *
     * @throws Empty if the queue is empty
     */
    public E getNowait() throws Empty {
        E element = queue.poll();
        if (element == null) {
            throw new Empty();
        }
        return element;
    }

    /** The number of elements now. */
    public int qsize() {
        return queue.size();
    }

    /** True if the queue is empty now. */
    public boolean empty() {
        return queue.isEmpty();
    }

    /** True if the queue is full now. */
    public boolean full() {
        return queue.remainingCapacity() == 0;
    }

    @Override
    public String toString() {
        return "ClusterQueue[" + queue.getName() + "]";
    }
}
