package org.multiprocessing4j.testing;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.shared.Array;
import org.multiprocessing4j.shared.RawArray;
import org.multiprocessing4j.shared.RawValue;
import org.multiprocessing4j.shared.Value;
import org.multiprocessing4j.sync.Barrier;
import org.multiprocessing4j.sync.BoundedSemaphore;
import org.multiprocessing4j.sync.Condition;
import org.multiprocessing4j.sync.Event;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.sync.RLock;
import org.multiprocessing4j.sync.Semaphore;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Main class run in a fresh JVM (with few descriptors allowed, see
 * {@link FreshJvm#withDescriptorLimit}) that makes many shared objects one after the other,
 * uses each once and then drops it ({@code drop}: only the garbage collector could release it)
 * or closes it ({@code close}). Arguments: the mode, then {@code kind:count} pairs. Prints
 * {@code kind count} for each kind done; fails (exit code 1, the error on standard error) at
 * the first object it cannot make.
 */
public final class Churn {
    private Churn() {
    }

    public static void main(String[] args) throws Exception {
        boolean close = args[0].equals("close");
        for (int i = 1; i < args.length; i++) {
            String[] kindAndCount = args[i].split(":");
            Supplier<Object> make = maker(kindAndCount[0]);
            int count = Integer.parseInt(kindAndCount[1]);
            for (int n = 0; n < count; n++) {
                Object made;
                try {
                    made = make.get();
                } catch (RuntimeException e) {
                    throw new IllegalStateException(kindAndCount[0] + " number " + (n + 1) + " failed", e);
                }
                if (close) {
                    ((AutoCloseable) made).close();
                }
            }
            System.out.println(kindAndCount[0] + " " + count);
        }
    }

    /** Makes an object of {@code kind} and uses it once, so that its shared memory is touched. */
    private static Supplier<Object> maker(String kind) {
        switch (kind) {
            case "lock":
                return () -> used(new Lock());
            case "rlock":
                return () -> used(new RLock());
            case "semaphore":
                return () -> {
                    Semaphore semaphore = new Semaphore(1);
                    semaphore.release();
                    return semaphore;
                };
            case "boundedsemaphore":
                return () -> {
                    BoundedSemaphore semaphore = new BoundedSemaphore(2);
                    semaphore.tryAcquire();
                    return semaphore;
                };
            case "event":
                return () -> {
                    Event event = new Event();
                    event.set();
                    return event;
                };
            case "condition":
                return () -> {
                    Condition condition = new Condition();
                    condition.getLock().lock();
                    condition.signalAll();
                    condition.getLock().unlock();
                    return condition;
                };
            case "barrier":
                return () -> {
                    Barrier barrier = new Barrier(2);
                    barrier.abort();
                    return barrier;
                };
            case "value":
                return () -> {
                    Value<Integer> value = new Value<>("i", 0);
                    value.set(value.get() + 1);
                    return value;
                };
            case "array":
                return () -> {
                    Array<Double> array = new Array<>("d", 4);
                    array.set(3, 1.5);
                    return array;
                };
            case "rawvalue":
                return () -> {
                    RawValue<Long> value = new RawValue<>("q", 1L);
                    value.set(value.get() + 1);
                    return value;
                };
            case "rawarray":
                return () -> {
                    RawArray<Integer> array = new RawArray<>("i", 16);
                    array.set(15, 7);
                    return array;
                };
            case "segment":
                return () -> {
                    Segment segment = Segment.anonymous(4096);
                    segment.buffer().putInt(0, 1);
                    return segment;
                };
            case "queue":
                return () -> {
                    // No put: that would start a feeder thread, which keeps a queue reachable.
                    Queue<Integer> queue = new Queue<>();
                    if (!queue.empty() || queue.qsize() != 0) {
                        throw new IllegalStateException("a new queue holds something");
                    }
                    return queue;
                };
            default:
                throw new IllegalArgumentException("no kind " + kind);
        }
    }

    private static <L extends java.util.concurrent.locks.Lock> L used(L lock) {
        try {
            if (!lock.tryLock(1, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a new lock is taken");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        lock.unlock();
        return lock;
    }
}
