package org.multiprocessing4j.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;

import java.time.Duration;

/**
 * A {@link ClusterQueue} that counts its tasks: Python's {@code JoinableQueue} across machines.
 * Every put adds an unfinished task, {@link #taskDone()} ends one, {@link #join()} waits until
 * none is left. The counts are entries of a Hazelcast {@code IMap} changed by entry processors
 * (an {@code IAtomicLong} is CP, Enterprise-only in Hazelcast 5.5 and later).
 *
 * <p>A consumer that dies does not leave {@link #join()} waiting for ever: each process records
 * the tasks it got and has not finished, and holds a cluster lock that the members release when it
 * leaves the cluster (killed or not). A joiner that finds such a process gone counts its tasks
 * out, with a warning, as the one-machine queue counts out what a killed process lost; after a
 * SIGKILL, once the members have seen the client go (about 10 s). A consumer killed between
 * taking an element and recording it (a few instructions) leaves its task counted, as on one machine.
 * {@code taskDone()} must come from the process that got the task.
 */
public final class ClusterJoinableQueue<E> extends ClusterQueue<E> {
    private static final LazyLogger LOG = Log.of("cluster");
    private static final String UNFINISHED = "unfinished";
    private static final String TAKEN = "taken:";
    private static final long POLL_MILLIS = 50;

    private final IMap<String, Long> counts;
    private final Liveness liveness;

    ClusterJoinableQueue(IQueue<E> queue, IMap<String, Long> counts, Liveness liveness) {
        super(queue);
        this.counts = counts;
        this.liveness = liveness;
    }

    @Override
    void beforePut() {
        counts.executeOnKey(UNFINISHED, Add.checked(1));
    }

    @Override
    void putFailed() {
        counts.executeOnKey(UNFINISHED, Add.clamped(-1));
    }

    @Override
    E got(E element) {
        liveness.announce();
        counts.executeOnKey(TAKEN + liveness.self(), Add.checked(1));
        return element;
    }

    /**
     * Python's {@code task_done()}: one task got from the queue is finished.
     *
     * @throws IllegalStateException if no task is unfinished (CPython's ValueError)
     */
    public void taskDone() {
        if (counts.executeOnKey(UNFINISHED, Add.checked(-1)) == null) {
            throw new IllegalStateException("task_done() called too many times");
        }
        counts.executeOnKey(TAKEN + liveness.self(), Add.checked(-1));
    }

    /** Python's {@code join()}: waits until every task put is done (or was held by a process now gone). */
    public void join() throws InterruptedException {
        join(null);
    }

    /**
     * Python's {@code join()} with a time limit.
     *
     * @param timeout how long to wait; null: as long as it takes
     * @return whether every task is done
     */
    public boolean join(Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        while (counts.containsKey(UNFINISHED)) {
            countOutTheGone();
            if (timeout != null && System.nanoTime() - deadline >= 0) {
                return !counts.containsKey(UNFINISHED);
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** The tasks put and not yet done. */
    public long unfinishedTasks() {
        Long count = counts.get(UNFINISHED);
        return count == null ? 0 : count;
    }

    /** Ends the tasks that processes gone from the cluster got and never finished. */
    private void countOutTheGone() {
        for (String key : counts.keySet()) {
            if (!key.startsWith(TAKEN)) {
                continue;
            }
            String holder = key.substring(TAKEN.length());
            if (liveness.isGone(holder)) {
                Long lost = counts.remove(key);
                if (lost != null && lost > 0) {
                    counts.executeOnKey(UNFINISHED, Add.clamped(-lost));
                    LOG.warn("{}: {} task(s) counted out, got by {} which left the cluster before task_done()",
                            this, lost, holder);
                }
            }
        }
    }
}
