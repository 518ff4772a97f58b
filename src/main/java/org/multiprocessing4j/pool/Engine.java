package org.multiprocessing4j.pool;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** What runs the chunks of a pool: worker processes ({@link PoolCore}) or threads ({@link ThreadEngine}). */
interface Engine {
    /** The number of workers. */
    int size();

    /** The pids of the workers. */
    List<Long> workerPids();

    /**
     * Runs {@code works} as the chunks 0..n-1 of {@code batch}.
     *
     * @throws IllegalStateException if the pool is closed or terminated
     */
    void submit(Batch batch, List<Work> works);

    /** No more work; the workers end once what was submitted has run. Returns at once. */
    void close();

    /** Waits until the workers have ended; refused while the pool runs. */
    void join() throws InterruptedException;

    /** Stops at once; unfinished work fails. Returns the batches of chunks no worker had started. */
    List<Batch> terminate();

    boolean isShutdown();

    boolean isTerminated();

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;
}
