package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.sync.Condition;
import org.multiprocessing4j.sync.Lock;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Queue} that counts unfinished tasks: CPython's {@code multiprocessing.JoinableQueue}.
 * Every put adds a task, {@link #taskDone()} ends one, {@link #join()} waits until none is left,
 * in any process. A message dropped because its writer or reader died counts as done, and so do
 * the elements a killed process had put and not written, once its death is noticed, so that
 * {@code join} does not wait for them for ever; a process killed in {@code join} delays no one
 * (see {@link Condition}).
 *
 * <p>The unfinished tasks are not a count of their own: they are the queue's size (the elements
 * put and not yet got, which is what a dead producer's recovery corrects) plus a count, in
 * shared memory, of the tasks got and not done. So a put counts its task in the same step as its
 * element, and nothing a producer is killed between can leave a task behind.
 *
 * @param <E> the elements' type
 */
public class JoinableQueue<E> extends Queue<E> {
    private static final long serialVersionUID = 1L;

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
        this(bound(maxSize), Ledger.newSegment(bound(maxSize)), new Lock(), new Lock(), new Condition(new Lock()),
                java.util.Objects.requireNonNull(serializer, "serializer"));
    }

    JoinableQueue(int maxSize, Segment segment, Lock readLock, Lock writeLock, Condition condition, Serializer serializer) {
        super(maxSize, segment, readLock, writeLock, serializer);
        this.condition = condition;
    }

    @Override
    void messageEnded(boolean delivered) {
        if (delivered) {
            // Counted as got before its unit goes back: a joiner never sees the task in neither count.
            ledger.addOutstanding(1);
        }
        super.messageEnded(delivered);
        if (!delivered) {
            countedOut();
        }
    }

    /** Wakes the joiners if elements counted out ended the last tasks. */
    @Override
    void countedOut() {
        condition.getLock().lock();
        try {
            if (unfinished() <= 0) {
                condition.signalAll();
            }
        } finally {
            condition.getLock().unlock();
        }
    }

    /**
     * The tasks not done: read with the condition's lock held, which every decrease of the
     * tasks got and not done takes. The size is read first: a get raises the second count before
     * it lowers the size, so a get in between makes this too high, never too low.
     */
    private long unfinished() {
        int size = count();
        return size + ledger.outstanding();
    }

    /**
     * CPython's {@code task_done()}: a task got from the queue is finished.
     *
     * @throws IllegalStateException if called more often than elements were put: CPython's
     *                               ValueError "task_done() called too many times"
     */
    public void taskDone() {
        condition.getLock().lock();
        try {
            if (unfinished() <= 0) {
                throw new IllegalStateException("task_done() called too many times");
            }
            ledger.addOutstanding(-1);
            if (unfinished() <= 0) {
                condition.signalAll();
            }
        } finally {
            condition.getLock().unlock();
        }
    }

    /** CPython's {@code join()}: waits until every element put has been marked done. */
    public void join() throws InterruptedException {
        join(null);
    }

    /**
     * Waits at most {@code timeout} (null: for ever) until every element put has been marked
     * done. Every 0.1 s while it waits it looks for dead producers whose lost elements still
     * count as tasks.
     *
     * @return whether none is left unfinished
     */
    public boolean join(Duration timeout) throws InterruptedException {
        long timeoutNanos = Words.nanos(timeout);
        long deadline = Words.deadline(timeoutNanos);
        java.util.concurrent.locks.Lock lock = condition.getLock();
        while (true) {
            // Outside the lock: counting out takes it to wake the joiners.
            lookForDead();
            long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
            // The time-out holds for the lock too: taskDone in other processes holds it.
            if (left < 0) {
                lock.lockInterruptibly();
            } else if (!lock.tryLock(left, TimeUnit.NANOSECONDS)) {
                return unfinished() <= 0;
            }
            try {
                long slice = left < 0 ? Ledger.LOOK_EVERY_NANOS : Math.min(left, Ledger.LOOK_EVERY_NANOS);
                if (condition.waitFor(() -> unfinished() <= 0, Duration.ofNanos(slice))) {
                    return true;
                }
            } finally {
                lock.unlock();
            }
            if (left >= 0 && deadline - System.nanoTime() <= 0) {
                return false;
            }
        }
    }

    @Override
    Inherited inherited() {
        return new Inherited(Inherited.Kind.JOINABLE, getMaxSize(), segment, readLock, writeLock, condition, serializer);
    }
}
