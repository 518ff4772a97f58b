package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The result of an asynchronous pool call: Python's {@code AsyncResult}, and a {@link Future}.
 * {@link #get()} returns the value or throws {@link ExecutionException} whose cause is the
 * exception of the task, carrying the worker's stack trace (or a {@link WorkerDiedException},
 * or a {@link org.multiprocessing4j.serialization.SerializationException} for an argument or
 * result that could not be serialized).
 *
 * <p>The callbacks run in the pool's result-handling thread before the result becomes ready,
 * as in CPython; they should return quickly.
 */
public final class AsyncResult<T> implements Future<T> {
    private static final LazyLogger LOG = Log.of("pool");

    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final Consumer<? super T> callback;
    private final Consumer<? super Throwable> errorCallback;
    private final Object completion = new Object();

    AsyncResult(Consumer<? super T> callback, Consumer<? super Throwable> errorCallback) {
        this.callback = callback;
        this.errorCallback = errorCallback;
    }

    /** Runs the callback, then makes the value ready; once only, whichever thread comes first. */
    void complete(T value) {
        settle(callback, value, () -> future.complete(value));
    }

    /** Runs the error callback, then makes the failure ready; once only. */
    void fail(Throwable error) {
        settle(errorCallback, error, () -> future.completeExceptionally(error));
    }

    private <V> void settle(Consumer<? super V> handler, V outcome, Runnable completion) {
        synchronized (this.completion) {
            if (future.isDone()) {
                return;
            }
            if (handler != null) {
                try {
                    handler.accept(outcome);
                } catch (RuntimeException | Error e) {
                    LOG.error("pool callback failed", e);
                }
            }
            completion.run();
        }
    }

    /** Waits for the result. */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        return future.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout, unit);
    }

    /** Python's {@code get(timeout)}. */
    public T get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Python's {@code wait(timeout)}: waits until ready or the time runs out; true if ready. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
        return true;
    }

    /** Python's {@code ready()}: whether the call has completed. */
    public boolean ready() {
        return future.isDone();
    }

    /**
     * Python's {@code successful()}: whether the call completed without an exception.
     *
     * @throws IllegalStateException if it is not ready yet (Python's {@code ValueError})
     */
    public boolean successful() {
        if (!future.isDone()) {
            throw new IllegalStateException("AsyncResult is not ready");
        }
        return !future.isCompletedExceptionally();
    }

    /**
     * Cancels the call: its chunks that no worker has started yet are dropped, a running one
     * finishes but its result is discarded. No callback runs.
     *
     * @return false if it had completed already
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return future.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        return future.isCancelled();
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    /** A {@link CompletableFuture} that completes with this result (completing it does not affect this one). */
    public CompletableFuture<T> toCompletableFuture() {
        return future.copy();
    }
}
