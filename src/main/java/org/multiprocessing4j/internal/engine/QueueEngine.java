package org.multiprocessing4j.internal.engine;

import java.io.Serializable;

/**
 * The engine of a queue that lives outside this machine's memory (a cluster's), behind the
 * public {@code Queue} and {@code JoinableQueue}: what they ask once they have checked their
 * arguments and encoded the element with the queue's serializer. An {@link EngineProvider} makes
 * it; the queues adapt it to their own package-private engine. It travels to any process as it
 * is (serializable, by a form of its own), so a queue over it can be handed to a child at its
 * start, inside a pool's task or through a connection. Timeouts are in nanoseconds: -1 waits for
 * ever, 0 only looks. Internal: public only so that the queues and the cluster can meet here.
 */
public interface QueueEngine extends Serializable {
    /**
     * Adds {@code element}, waiting at most {@code timeoutNanos} while the queue is full.
     *
     * @return false if it stayed full
     */
    boolean offer(byte[] element, long timeoutNanos) throws InterruptedException;

    /**
     * Takes the head, waiting at most {@code timeoutNanos} for one.
     *
     * @return null if none came
     */
    byte[] poll(long timeoutNanos) throws InterruptedException;

    /** The elements in the queue now. */
    int size();

    /** The bound ({@link Integer#MAX_VALUE}: none). */
    int maxSize();

    /**
     * One task got by this process is done (a joinable queue's).
     *
     * @return false if no task was unfinished
     */
    boolean taskDone();

    /**
     * Waits at most {@code timeoutNanos} until no task is unfinished (a joinable queue's).
     *
     * @return whether none is
     */
    boolean join(long timeoutNanos) throws InterruptedException;
}
