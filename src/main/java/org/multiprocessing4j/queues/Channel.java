package org.multiprocessing4j.queues;

import java.io.ObjectStreamException;

/**
 * The engine behind a queue: what {@link Queue}, {@link JoinableQueue} and {@link SimpleQueue}
 * delegate to once they have checked their arguments and that they are open. The context picks
 * it: a ring in shared memory that processes share ({@link Shared} and its kinds, the
 * {@code "spawn"} context and the queues' public constructors), a buffer of references in
 * this JVM ({@link LocalChannel}, the {@code "thread"} context, CPython's
 * {@code multiprocessing.dummy}), or a queue on a cluster's members ({@link EngineChannel}, the
 * {@code "cluster"} context). Timeouts are in nanoseconds: -1 waits for ever, 0 only looks.
 *
 * @param <E> the elements' type
 */
interface Channel<E> {
    /**
     * Adds {@code item}, waiting at most {@code timeoutNanos} while the queue is full.
     *
     * @throws Full if it stayed full
     */
    void put(E item, long timeoutNanos) throws InterruptedException, Full;

    /**
     * Takes the next element, waiting at most {@code timeoutNanos} for one.
     *
     * @throws Empty if none came
     */
    E take(long timeoutNanos) throws InterruptedException, Empty;

    /** Whether no element is ready now. */
    boolean empty();

    /** This process puts and gets no more. */
    void close();

    /**
     * Whether the queue travels only to a child being started (CPython's rule for its queues,
     * which hold descriptors and shared memory); false for a queue that is named, not inherited
     * (the cluster's: {@link EngineChannel}), which goes anywhere.
     */
    default boolean inheritedOnly() {
        return true;
    }

    /**
     * The form in which the queue travels to a child being started.
     *
     * @throws java.io.InvalidObjectException if it cannot leave this JVM
     */
    Object inherited() throws ObjectStreamException;

    /** The engine of a {@link Queue}: bounded, counted, with a feeder to wait for. */
    interface Bounded<E> extends Channel<E> {
        /** The bound ({@link Integer#MAX_VALUE}: none). */
        int maxSize();

        /** The elements put and not yet got. */
        int qsize();

        /** Whether a put would wait now. */
        boolean full();

        /** Waits until what was put has reached the queue (after {@link #close()}). */
        void joinThread() throws InterruptedException;

        /** This process's exit will not wait for what it put. */
        void cancelJoinThread();
    }

    /**
     * The engine of a queue with no feeder, whose put is in the queue when it returns
     * ({@link LocalChannel}, {@link EngineChannel}): nothing to wait for or to cancel.
     */
    interface Unfed<E> extends Tasks<E> {
        /** Nothing to wait for: a put is in the queue when it returns. */
        @Override
        default void joinThread() {
            // No feeder.
        }

        /** Nothing to cancel: there is no feeder. */
        @Override
        default void cancelJoinThread() {
            // No feeder.
        }
    }

    /** The engine of a {@link JoinableQueue}: counts tasks too. */
    interface Tasks<E> extends Bounded<E> {
        /**
         * One task got is done.
         *
         * @throws IllegalStateException if none is unfinished
         */
        void taskDone();

        /**
         * Waits at most {@code timeoutNanos} until no task is unfinished.
         *
         * @return whether none is
         */
        boolean join(long timeoutNanos) throws InterruptedException;
    }
}
