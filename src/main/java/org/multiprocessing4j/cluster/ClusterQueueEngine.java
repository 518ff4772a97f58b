package org.multiprocessing4j.cluster;

import org.multiprocessing4j.internal.engine.QueueEngine;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The engine of a {@code Queue} or {@code JoinableQueue} of {@code Multiprocessing.context("cluster")}:
 * a {@link ClusterQueue} of the elements' bytes (a Hazelcast {@code IQueue} on the members), and
 * for a joinable queue the task counts of {@link ClusterJoinableQueue} (an {@code IMap}; a
 * consumer gone from the cluster is counted out through {@link Liveness}).
 *
 * <p>It travels by name: its form holds the cluster's name, the members' addresses when it was
 * written, the queue's name and bound. Where it is read, it attaches to the cluster through
 * {@link Cluster#attached}: a cluster this JVM already has (a member's own instance, a
 * client), or else one client for the whole JVM, made then.
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
        return new Form(cluster.getClusterName(), cluster.addresses(), name, maxSize, tasks != null);
    }

    /** The engine as it travels: where the cluster is and which queue of it. */
    private static final class Form implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String clusterName;
        private final List<String> addresses;
        private final String name;
        private final int maxSize;
        private final boolean joinable;

        Form(String clusterName, List<String> addresses, String name, int maxSize, boolean joinable) {
            this.clusterName = clusterName;
            this.addresses = addresses;
            this.name = name;
            this.maxSize = maxSize;
            this.joinable = joinable;
        }

        /**
         * @throws ClusterException if the cluster cannot be reached within
         *                          {@link Cluster#ATTACH_TIMEOUT}
         */
        private Object readResolve() {
            return new ClusterQueueEngine(Cluster.attached(clusterName, addresses, Cluster.ATTACH_TIMEOUT), name,
                    maxSize, joinable);
        }
    }
}
