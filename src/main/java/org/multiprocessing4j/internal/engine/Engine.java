package org.multiprocessing4j.internal.engine;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What runs the chunks of a pool: worker processes ({@code pool.PoolCore}), threads
 * ({@code pool.ThreadEngine}) or the members of a cluster ({@code cluster.ClusterEngine}). Internal:
 * public only so that the packages above {@code pool} can give a {@code Pool} an engine of
 * their own ({@link Pools}).
 */
public interface Engine {
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

    /** True once {@link #close()} or {@link #terminate()} was called. */
    boolean isShutdown();

    /** True once the workers have ended. */
    boolean isTerminated();

    /** Waits up to {@code timeout} for the workers to end; true if they have. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;
}
