package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Chunk;
import org.multiprocessing4j.internal.engine.Work;
import org.multiprocessing4j.internal.engine.Batch;
import org.multiprocessing4j.internal.engine.Engine;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.platform.ProcessIds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the chunks of a {@link ThreadPool} on threads of this JVM, without serializing anything. */
final class ThreadEngine implements Engine {
    private static final LazyLogger LOG = Log.of("pool");
    private static final AtomicInteger POOL_NUMBERS = new AtomicInteger();

    private final int size;
    private final ThreadPoolExecutor executor;
    private final Object lock = new Object();
    private boolean closed;

    ThreadEngine(int size, Target initializer) {
        this.size = size;
        int pool = POOL_NUMBERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = task -> {
            return Threads.daemon("thread-pool-" + pool + "-worker-" + threads.incrementAndGet(), () -> {
                if (initializer != null) {
                    try {
                        initializer.run();
                    } catch (Exception e) {
                        LOG.error("ThreadPool initializer failed", e);
                    }
                }
                task.run();
            });
        };
        this.executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
        executor.prestartAllCoreThreads();
    }

    @Override
    public int size() {
        return size;
    }

    /** The threads all run in this process. */
    @Override
    public List<Long> workerPids() {
        return Collections.nCopies(size, ProcessIds.current());
    }

    @Override
    public void submit(Batch batch, List<Work> works) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("Pool not running");
            }
            try {
                for (int i = 0; i < works.size(); i++) {
                    executor.execute(new Chunk(batch, i, works.get(i)));
                }
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("Pool not running", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            executor.shutdown();
        }
    }

    @Override
    public void join() throws InterruptedException {
        synchronized (lock) {
            if (!closed) {
                throw new IllegalStateException("Pool is still running");
            }
        }
        while (!executor.awaitTermination(1, TimeUnit.DAYS)) {
            // waits on
        }
    }

    /** Interrupts the running chunks (threads cannot be killed) and fails the queued ones. */
    @Override
    public List<Batch> terminate() {
        List<Runnable> queued;
        synchronized (lock) {
            closed = true;
            queued = executor.shutdownNow();
        }
        List<Batch> neverStarted = new ArrayList<>();
        for (Runnable runnable : queued) {
            Chunk chunk = (Chunk) runnable;
            if (!chunk.batch.finished()) {
                neverStarted.add(chunk.batch);
            }
            chunk.batch.chunkFailed(chunk.index, new ProcessError("the pool was terminated"));
        }
        return neverStarted;
    }

    @Override
    public boolean isShutdown() {
        return executor.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executor.awaitTermination(timeout, unit);
    }
}
