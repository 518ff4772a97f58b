package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.sync.Condition;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.sync.Semaphore;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Queue} that counts unfinished tasks: CPython's {@code multiprocessing.JoinableQueue}.
 * Every put adds a task, {@link #taskDone()} ends one, {@link #join()} waits until none is left,
 * in any process. A message dropped because its writer or reader died counts as done, so that
 * {@code join} does not wait for it for ever; a process killed in {@code join} delays no one
 * (see {@link Condition}).
 *
 * @param <E> the elements' type
 */
public class JoinableQueue<E> extends Queue<E> {
    private static final long serialVersionUID = 1L;

    private final transient Semaphore unfinished;
    private final transient Condition condition;

    /** An unbounded joinable queue. */
    public JoinableQueue() {
        this(0);
    }

    /** CPython's {@code JoinableQueue(maxsize)}; 0 or less: unbounded. */
    public JoinableQueue(int maxSize) {
        this(maxSize, DefaultSerializer.get());
    }

    /** CPython's {@code JoinableQueue(maxsize)} whose elements go through {@code serializer}. */
    public JoinableQueue(int maxSize, Serializer serializer) {
        this(maxSize <= 0 ? Integer.MAX_VALUE : maxSize, newSegment(), new Lock(), new Lock(),
                new Semaphore(maxSize <= 0 ? Integer.MAX_VALUE : maxSize), new Semaphore(0), new Condition(new Lock()),
                java.util.Objects.requireNonNull(serializer, "serializer"));
    }

    JoinableQueue(int maxSize, Segment segment, Lock readLock, Lock writeLock, Semaphore units,
                  Semaphore unfinished, Condition condition, Serializer serializer) {
        super(maxSize, segment, readLock, writeLock, units, serializer);
        this.unfinished = unfinished;
        this.condition = condition;
    }

    @Override
    void taskAdded() {
        unfinished.release();
    }

    @Override
    void messageEnded(boolean delivered) {
        super.messageEnded(delivered);
        if (!delivered) {
            endTask();
        }
    }

    /**
     * CPython's {@code task_done()}: a task got from the queue is finished.
     *
     * @throws IllegalStateException if called more often than elements were put: CPython's
     *                               ValueError "task_done() called too many times"
     */
    public void taskDone() {
        if (!endTask()) {
            throw new IllegalStateException("task_done() called too many times");
        }
    }

    private boolean endTask() {
        condition.getLock().lock();
        try {
            if (!unfinished.tryAcquire()) {
                return false;
            }
            if (unfinished.getValue() == 0) {
                condition.signalAll();
            }
            return true;
        } finally {
            condition.getLock().unlock();
        }
    }

    /** CPython's {@code join()}: waits until every element put has been marked done. */
    public void join() throws InterruptedException {
        join(null);
    }

    /**
     * Waits at most {@code timeout} (null: for ever) until every element put has been marked done.
     *
     * @return whether none is left unfinished
     */
    public boolean join(Duration timeout) throws InterruptedException {
        long timeoutNanos = Words.nanos(timeout);
        long deadline = Words.deadline(timeoutNanos);
        java.util.concurrent.locks.Lock lock = condition.getLock();
        // The time-out holds for the lock too: taskDone in other processes holds it.
        if (timeoutNanos < 0) {
            lock.lockInterruptibly();
        } else if (!lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
            return unfinished.getValue() == 0;
        }
        try {
            Duration left = timeoutNanos < 0 ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            return condition.waitFor(() -> unfinished.getValue() == 0, left);
        } finally {
            lock.unlock();
        }
    }

    @Override
    Inherited inherited() {
        return new Inherited(Inherited.Kind.JOINABLE, getMaxSize(), segment, readLock, writeLock, units, unfinished,
                condition, serializer);
    }
}
