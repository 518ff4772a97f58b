package org.multiprocessing4j.managers;

import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A managed {@code Queue} or {@code JoinableQueue}: Python's {@code queue.Queue(maxsize=0)}
 * with its public methods ({@code put}, {@code get}, {@code get_nowait}, {@code qsize},
 * {@code task_done}, {@code join}…) and its {@code Empty} and {@code Full} ({@link Empty},
 * {@link Full}). An item taken for a client whose reply cannot be sent goes back to the front
 * of the queue: a client killed in {@code get()} loses nothing for the others.
 */
final class QueueReferent extends BuiltinReferent {
    /** CPython's {@code public_methods(queue.Queue())}. */
    static final List<String> EXPOSED = List.of("empty", "full", "get", "get_nowait", "join", "put", "put_nowait",
            "qsize", "task_done");

    /**
     * Python's {@code None} in the queue: a {@link BlockingQueue} refuses null, and
     * {@code q.put(None)} is the usual end of a stream (CPython's own examples, the benchmark).
     */
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };
    private final BlockingQueue<Object> queue;
    private final int maxsize;
    private final Object tasks = new Object();
    private long unfinished;

    QueueReferent(BlockingQueue<Object> queue, int maxsize) {
        super(EXPOSED, "get", "put", "join");
        this.queue = queue;
        this.maxsize = maxsize;
    }

    /** {@code Queue(maxsize=0)}. */
    static QueueReferent create(List<Object> args, Map<String, Object> kwds) {
        int maxsize = Args.integer(Args.get(args, kwds, 0, "maxsize", 0), "maxsize");
        return new QueueReferent(new LinkedBlockingDeque<>(maxsize > 0 ? maxsize : Integer.MAX_VALUE), maxsize);
    }

    @Override
    public Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        switch (method) {
            case "put":
                put(Args.get(args, kwds, 0, "item", null), Args.truth(Args.get(args, kwds, 1, "block", true)),
                        Args.timeoutNanos(Args.get(args, kwds, 2, "timeout", null)));
                return null;
            case "put_nowait":
                put(Args.get(args, kwds, 0, "item", null), false, -1);
                return null;
            case "get":
                return get(Args.truth(Args.get(args, kwds, 0, "block", true)),
                        Args.timeoutNanos(Args.get(args, kwds, 1, "timeout", null)));
            case "get_nowait":
                return get(false, -1);
            case "qsize":
                return queue.size();
            case "empty":
                return queue.isEmpty();
            case "full":
                return maxsize > 0 && queue.remainingCapacity() == 0;
            case "task_done":
                taskDone();
                return null;
            case "join":
                join();
                return null;
            default:
                throw new UnsupportedOperationException("Queue has no method '" + method + "'");
        }
    }

    private void put(Object value, boolean block, long timeoutNanos) throws InterruptedException, Full {
        Nested.keep(value);
        Object item = value == null ? NONE : value;
        boolean added;
        if (!block) {
            added = queue.offer(item);
        } else if (timeoutNanos < 0) {
            queue.put(item);
            added = true;
        } else {
            added = queue.offer(item, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        if (!added) {
            Nested.release(value);
            throw new Full();
        }
        synchronized (tasks) {
            unfinished++;
        }
    }

    private Outcome get(boolean block, long timeoutNanos) throws InterruptedException, Empty {
        Object item;
        if (!block) {
            item = queue.poll();
        } else if (timeoutNanos < 0) {
            item = queue.take();
        } else {
            item = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        if (item == null && (!block || timeoutNanos >= 0)) {
            throw new Empty();
        }
        Object taken = item;
        return Outcome.taken(taken == NONE ? null : taken, () -> putBack(taken));
    }

    /** An item whose reply could not be sent goes back where it was: the front. */
    private void putBack(Object item) {
        if (queue instanceof BlockingDeque) {
            ((BlockingDeque<Object>) queue).offerFirst(item);
        } else {
            queue.offer(item);
        }
    }

    private void taskDone() {
        synchronized (tasks) {
            if (unfinished <= 0) {
                throw new IllegalArgumentException("ValueError: task_done() called too many times");
            }
            if (--unfinished == 0) {
                tasks.notifyAll();
            }
        }
    }

    private void join() throws InterruptedException {
        synchronized (tasks) {
            while (unfinished > 0) {
                tasks.wait();
            }
        }
    }

    @Override
    public Object value() {
        ArrayList<Object> items = new ArrayList<>(queue);
        items.replaceAll(item -> item == NONE ? null : item);
        return items;
    }

    @Override
    public String repr() {
        return "<queue.Queue object: " + queue.size() + " items>";
    }

    @Override
    public Object identity() {
        return queue;
    }
}
