package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.runtime.Awaiting;

import java.io.InvalidObjectException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The engine of the thread context's queues (CPython's {@code multiprocessing.dummy}, whose
 * queues are {@code queue.Queue}): a buffer of references in this JVM under one lock. Nothing is
 * serialized, so an element keeps its identity and need not be serializable; a put is in the
 * queue when it returns (there is no feeder); it counts tasks for a {@link JoinableQueue}. It
 * cannot leave this JVM.
 *
 * @param <E> the elements' type
 */
final class LocalChannel<E> implements Channel.Unfed<E> {
    /** Stands for a null element, which the deque does not hold. */
    private static final Object NULL = new Object();

    private final int maxSize;
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long unfinished;

    /** A queue of at most {@code maxSize} elements; 0 or less: unbounded. */
    LocalChannel(int maxSize) {
        this.maxSize = SharedQueue.bound(maxSize);
    }

    @Override
    public void put(E item, long timeoutNanos) throws InterruptedException, Full {
        lock.lockInterruptibly();
        try {
            if (!await(() -> items.size() < maxSize, timeoutNanos)) {
                throw new Full();
            }
            items.addLast(item == null ? NULL : item);
            unfinished++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E take(long timeoutNanos) throws InterruptedException, Empty {
        lock.lockInterruptibly();
        try {
            if (!await(() -> !items.isEmpty(), timeoutNanos)) {
                throw new Empty();
            }
            Object item = items.removeFirst();
            changed.signalAll();
            return item == NULL ? null : (E) item;
        } finally {
            lock.unlock();
        }
    }

    /** Waits, with the lock held, at most {@code timeoutNanos} until {@code ready}. */
    private boolean await(BooleanSupplier ready, long timeoutNanos) throws InterruptedException {
        return Awaiting.until(changed, ready, timeoutNanos);
    }

    @Override
    public boolean empty() {
        return qsize() == 0;
    }

    /** Nothing to release: the queue's object refuses further use, the elements go with it. */
    @Override
    public void close() {
        // Nothing is shared or running.
    }

    /** Refused: the elements are references of this JVM. */
    @Override
    public Object inherited() throws InvalidObjectException {
        throw new InvalidObjectException("a queue of the thread context holds references of this JVM and cannot "
                + "go to another process; make it through a process context (Multiprocessing.context())");
    }

    @Override
    public int maxSize() {
        return maxSize;
    }

    @Override
    public int qsize() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean full() {
        return qsize() >= maxSize;
    }

    @Override
    public void taskDone() {
        lock.lock();
        try {
            if (unfinished <= 0) {
                throw new IllegalStateException("task_done() called too many times");
            }
            unfinished--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean join(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            return await(() -> unfinished == 0, timeoutNanos);
        } finally {
            lock.unlock();
        }
    }
}
