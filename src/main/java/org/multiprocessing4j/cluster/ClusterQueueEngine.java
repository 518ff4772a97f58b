package org.multiprocessing4j.cluster;

import org.multiprocessing4j.internal.engine.QueueEngine;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;

import java.io.ObjectStreamException;
import java.time.Duration;

/**
 * The engine of a {@code Queue} or {@code JoinableQueue} of {@code Multiprocessing.context("cluster")}:
 * a {@link ClusterQueue} of the elements' bytes (a Hazelcast {@code IQueue} on the members), and
 * for a joinable queue the task counts of {@link ClusterJoinableQueue} (an {@code IMap}; a
 * consumer gone from the cluster is counted out through {@link Liveness}).
 *
 * <p>It travels by name ({@link Named}: the cluster, the queue's name and bound) and attaches
 * to the cluster where it is read.
 */
final class ClusterQueueEngine implements QueueEngine {
    private static final long serialVersionUID = 1L;

    private final transient Cluster cluster;
    private final transient ClusterQueue<byte[]> queue;
    private final transient ClusterJoinableQueue<byte[]> tasks;
    private final String name;
    private final int maxSize;

    /**
     * @param maxSize the bound the queue was made with ({@link Integer#MAX_VALUE}: none)
     */
    ClusterQueueEngine(Cluster cluster, String name, int maxSize, boolean joinable) {
        this.cluster = cluster;
        this.name = name;
        this.maxSize = maxSize;
        this.tasks = joinable ? cluster.context().joinableQueue(name) : null;
        this.queue = joinable ? tasks : cluster.context().queue(name);
    }

    @Override
    public boolean offer(byte[] element, long timeoutNanos) throws InterruptedException {
        try {
            if (timeoutNanos < 0) {
                queue.put(element);
            } else {
                queue.put(element, Duration.ofNanos(timeoutNanos));
            }
            return true;
        } catch (Full full) {
            return false;
        }
    }

    @Override
    public byte[] poll(long timeoutNanos) throws InterruptedException {
        try {
            return timeoutNanos < 0 ? queue.get() : queue.get(Duration.ofNanos(timeoutNanos));
        } catch (Empty empty) {
            return null;
        }
    }

    @Override
    public int size() {
        return queue.qsize();
    }

    @Override
    public int maxSize() {
        return maxSize;
    }

    @Override
    public boolean taskDone() {
        try {
            tasks.taskDone();
            return true;
        } catch (IllegalStateException tooManyTimes) {
            return false;
        }
    }

    @Override
    public boolean join(long timeoutNanos) throws InterruptedException {
        return tasks.join(timeoutNanos < 0 ? null : Duration.ofNanos(timeoutNanos));
    }

    private Object writeReplace() throws ObjectStreamException {
        return new Named(tasks != null ? Named.Kind.JOINABLE_QUEUE : Named.Kind.QUEUE, cluster, name, maxSize);
    }
}
