package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Pools;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.function.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ExecutorService} whose tasks run in worker processes of a {@link Pool}: Python's
 * {@code concurrent.futures.ProcessPoolExecutor}, for code that takes an executor. Tasks must
 * be serializable (a {@code Callable} or {@code Runnable} lambda cast to
 * {@link SerializableCallable}, or any serializable class); one that is not fails alone, its
 * future with a {@link org.multiprocessing4j.serialization.SerializationException}. The
 * futures are {@link AsyncResult}s ({@link AsyncResult#toCompletableFuture()} for
 * {@code CompletableFuture} code).
 *
 * <p>A worker that dies fails only the task it ran ({@link WorkerDiedException}); the executor
 * stays usable, unlike CPython's, which breaks as a whole. {@link #shutdownNow()} terminates
 * the workers: running tasks and queued ones fail with a
 * {@link org.multiprocessing4j.ProcessError}, and the queued ones are returned.
 * {@link #close()} waits for the submitted tasks, as Java 19's {@code ExecutorService.close()}.
 */
public final class ProcessPoolExecutor implements ExecutorService, AutoCloseable {
    private static final LazyLogger LOG = Log.of("pool");

    private final Pool pool;
    /** Submitted tasks not finished yet, for {@link #shutdownNow()}. */
    private final Map<AsyncResult<?>, Runnable> pending = new ConcurrentHashMap<>();

    static {
        // The packages above this one (the cluster) make executors over engines of their own.
        Pools.install(ProcessPoolExecutor.class, engine -> new ProcessPoolExecutor(Pools.over(engine, Pool.class)));
    }

    /** {@link Multiprocessing#cpuCount()} workers. */
    public ProcessPoolExecutor() {
        this(0);
    }

    /** {@code maxWorkers} workers (0: {@link Multiprocessing#cpuCount()}). */
    public ProcessPoolExecutor(int maxWorkers) {
        this(maxWorkers, null, 0);
    }

    /**
     * Python's {@code ProcessPoolExecutor(max_workers, initializer=..., max_tasks_per_child=...)}.
     *
     * @see Pool#Pool(int, Target, int)
     */
    public ProcessPoolExecutor(int maxWorkers, Target initializer, int maxTasksPerChild) {
        this(maxWorkers, initializer, maxTasksPerChild, Multiprocessing.context());
    }

    /**
     * Python's {@code ProcessPoolExecutor(max_workers, mp_context=ctx, ...)}: the workers are
     * launched through {@code context}.
     *
     * @see Pool#Pool(int, Target, int, Context)
     */
    public ProcessPoolExecutor(int maxWorkers, Target initializer, int maxTasksPerChild, Context context) {
        this(new Pool(maxWorkers, initializer, maxTasksPerChild, context));
    }

    private ProcessPoolExecutor(Pool pool) {
        this.pool = pool;
    }

    /** Runs a callable in a worker; it travels there serialized. */
    private static final class CallableTask<T> implements SerializableCallable<T> {
        private static final long serialVersionUID = 1L;
        private final Callable<T> task;

        CallableTask(Callable<T> task) {
            this.task = task;
        }

        @Override
        public T call() throws Exception {
            return task.call();
        }
    }

    /** Runs a runnable in a worker and returns a fixed result. */
    private static final class RunnableTask<T> implements SerializableCallable<T> {
        private static final long serialVersionUID = 1L;
        private final Runnable task;
        private final T result;

        RunnableTask(Runnable task, T result) {
            this.task = task;
            this.result = result;
        }

        @Override
        public T call() {
            task.run();
            return result;
        }
    }

    /**
     * @throws RejectedExecutionException once the executor is shut down
     */
    private <T> AsyncResult<T> start(SerializableCallable<T> task, Runnable original) {
        AsyncResult<T> result;
        try {
            result = pool.applyAsync(task);
        } catch (IllegalStateException e) {
            throw new RejectedExecutionException("the executor is shut down", e);
        }
        pending.put(result, original);
        result.toCompletableFuture().whenComplete((value, error) -> pending.remove(result));
        return result;
    }

    @Override
    public <T> AsyncResult<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return start(new CallableTask<>(task), () -> {
            try {
                task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public <T> AsyncResult<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return start(new RunnableTask<>(task, result), task);
    }

    @Override
    public AsyncResult<?> submit(Runnable task) {
        return submit(task, null);
    }

    /** Runs {@code command} in a worker; a failure is logged, as there is no one to tell. */
    @Override
    public void execute(Runnable command) {
        AsyncResult<?> result = submit(command);
        result.toCompletableFuture().whenComplete((value, error) -> {
            if (error != null) {
                LOG.error("task {} failed in a worker", command, error);
            }
        });
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> futures = submitAll(tasks);
        for (Future<T> future : futures) {
            ((AsyncResult<T>) future).waitFor(Duration.ofNanos(Long.MAX_VALUE));
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Future<T>> futures = submitAll(tasks);
        for (Future<T> future : futures) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !((AsyncResult<T>) future).waitFor(Duration.ofNanos(left))) {
                futures.forEach(f -> f.cancel(true));
                break;
            }
        }
        return futures;
    }

    private <T> List<Future<T>> submitAll(Collection<? extends Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(submit(task));
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, null);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return invokeAny(tasks, Duration.ofNanos(unit.toNanos(timeout)));
    }

    /** The first task to succeed gives the result; the others are cancelled. */
    private <T> T invokeAny(Collection<? extends Callable<T>> tasks, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks");
        }
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        BlockingQueue<AsyncResult<T>> done = new LinkedBlockingQueue<>();
        List<AsyncResult<T>> futures = new ArrayList<>();
        try {
            for (Callable<T> task : tasks) {
                AsyncResult<T> future = submit(task);
                futures.add(future);
                future.toCompletableFuture().whenComplete((value, error) -> done.add(future));
            }
            ExecutionException last = null;
            for (int i = 0; i < futures.size(); i++) {
                AsyncResult<T> next;
                if (timeout == null) {
                    next = done.take();
                } else {
                    next = done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        throw new TimeoutException("no task succeeded within " + timeout);
                    }
                }
                try {
                    return next.get();
                } catch (ExecutionException e) {
                    last = e;
                }
            }
            throw last;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    /** Python's {@code shutdown(wait=False)}: no new tasks; the submitted ones go on. */
    @Override
    public void shutdown() {
        pool.shutdown();
    }

    /** Terminates the workers; returns the tasks that no worker had started (their futures fail). */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> unstarted = new ArrayList<>();
        Map<AsyncResult<?>, Runnable> submitted = new HashMap<>(pending); // terminating completes them
        for (AsyncResult<?> result : pool.terminateReturningUnstarted()) {
            Runnable task = submitted.get(result);
            if (task != null) {
                unstarted.add(task);
            }
        }
        return unstarted;
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }

    /**
     * Shuts down and waits for the submitted tasks and the workers to end, as Java 19's
     * {@code ExecutorService.close()}: if interrupted while it waits, it terminates the workers
     * and returns with the interrupt status set.
     */
    @Override
    public void close() {
        pool.close();
    }

    /** The pids of the current workers. */
    public List<Long> getWorkerPids() {
        return pool.getWorkerPids();
    }
}
