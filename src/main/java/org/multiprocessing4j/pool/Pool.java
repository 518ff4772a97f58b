package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Work;
import org.multiprocessing4j.internal.engine.Batch;
import org.multiprocessing4j.internal.engine.Engine;
import org.multiprocessing4j.internal.runtime.Finalizers;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.internal.engine.EngineProvider;
import org.multiprocessing4j.internal.engine.EngineProviders;
import org.multiprocessing4j.internal.engine.Pools;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.function.Target;

import java.lang.ref.Cleaner;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A pool of worker processes: Python's {@code multiprocessing.Pool}. Workers are long-lived
 * daemonic child JVMs; functions are serializable lambdas or method references.
 *
 * <pre>{@code
 * try (Pool pool = new Pool(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p>Unlike CPython's, this pool never hangs when a worker dies (killed, crashed,
 * {@code System.exit} in a task): the chunk that worker held fails with a
 * {@link WorkerDiedException} naming its pid and exit code, a new worker takes its place, and
 * the pool goes on. {@code map} then fails with that error; the other chunks of an
 * {@code imap} still yield their results. A task whose argument or result cannot be serialized
 * fails alone, with a {@link org.multiprocessing4j.serialization.SerializationException}.
 *
 * <p>A lambda or method reference that captures nothing but strings and boxed primitives
 * travels to each worker once, and later tasks name it, as CPython pickles a function by
 * reference; any other function travels with each task, so each task gets a fresh copy of the
 * state it captures. Numbers and strings cross as plain data; other values through the
 * {@link org.multiprocessing4j.serialization.Serializer}.
 *
 * <p>Each worker is a new JVM: a function runs in the interpreter until the worker's JIT has
 * compiled it, so its first calls in each worker are slower, by milliseconds. Work made of a
 * few tasks of a millisecond each gains little from a pool; longer tasks, or a pool kept for
 * many calls, do not notice it.
 *
 * <p>Blocking calls ({@code apply}, {@code map}, {@code starmap}) throw
 * {@link ExecutionException} whose cause is the task's exception, carrying the worker's stack
 * trace, as {@link java.util.concurrent.Future#get()} does.
 *
 * <p>{@link #close()} is Python's {@code close()} followed by {@code join()}: the work already
 * submitted finishes, then the workers exit, as {@code ExecutorService.close()} does (Python's
 * {@code with Pool()} terminates instead: call {@link #terminate()} for that). A pool dropped
 * without closing is terminated when it is garbage collected; its workers, being daemonic,
 * are terminated at exit of the JVM in any case.
 */
public class Pool implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    /** The start method of {@code Multiprocessing.context("thread")}, whose pools run on threads. */
    private static final String THREAD_CONTEXT = "thread";

    static {
        // The packages above this one (the cluster) make pools over engines of their own.
        Pools.install(Pool.class, Pool::new);
    }

    private final Engine core;
    private final Cleaner.Cleanable cleanable;

    /** A pool of {@link Multiprocessing#cpuCount()} workers. */
    public Pool() {
        this(0);
    }

    /** A pool of {@code processes} workers (0: {@link Multiprocessing#cpuCount()}). */
    public Pool(int processes) {
        this(processes, null, 0);
    }

    /** A pool whose workers each run {@code initializer} once when they start. */
    public Pool(int processes, Target initializer) {
        this(processes, initializer, 0);
    }

    /**
     * Python's {@code Pool(processes, initializer, maxtasksperchild=...)}.
     *
     * @param processes        the number of workers; 0 for {@link Multiprocessing#cpuCount()}
     * @param initializer      run once by each worker when it starts, or null; if it throws, the
     *                         worker exits with code 1 (and is replaced, as in CPython)
     * @param maxTasksPerChild a worker is replaced by a new one after this many chunks; 0: never
     * @throws IllegalArgumentException if {@code processes} or {@code maxTasksPerChild} is negative
     */
    public Pool(int processes, Target initializer, int maxTasksPerChild) {
        this(processes, initializer, maxTasksPerChild, Multiprocessing.context());
    }

    /**
     * Python's {@code Pool(processes, initializer, maxtasksperchild=..., context=context)}: as
     * {@link #Pool(int, Target, int)}, with workers launched through {@code context} (its JVM
     * executable, options, class path and system properties). Through the thread context
     * ({@code Multiprocessing.context("thread")}) the workers are threads, as in a
     * {@link ThreadPool}, and {@code maxTasksPerChild} must be 0. Through the cluster context
     * ({@code Multiprocessing.context("cluster")}) the chunks run on the cluster members' workers,
     * which take the initializer and {@code maxTasksPerChild}; 0 processes is then as many as
     * the members have workers.
     */
    public Pool(int processes, Target initializer, int maxTasksPerChild, Context context) {
        this(processEngine(processes, initializer, maxTasksPerChild, Objects.requireNonNull(context, "context")));
    }

    private static Engine processEngine(int processes, Target initializer, int maxTasksPerChild, Context context) {
        if (processes < 0) {
            throw new IllegalArgumentException("Number of processes must be at least 1");
        }
        if (maxTasksPerChild < 0) {
            throw new IllegalArgumentException("maxTasksPerChild must be a positive int or 0 (no limit)");
        }
        EngineProvider provider = EngineProviders.find(context.getStartMethod());
        if (provider != null) {
            return provider.engine(processes, initializer, maxTasksPerChild);
        }
        int size = processes == 0 ? Multiprocessing.cpuCount() : processes;
        if (THREAD_CONTEXT.equals(context.getStartMethod())) {
            if (maxTasksPerChild != 0) {
                throw new IllegalArgumentException("maxTasksPerChild is not available in the thread context: "
                        + "its workers are threads, which are never replaced");
            }
            return new ThreadEngine(size, initializer);
        }
        return new PoolCore(size, initializer, maxTasksPerChild, context);
    }

    /**
     * A pool over {@code engine}, terminated when the pool is garbage collected, and at exit
     * before the exit function ends the children (CPython's pool finalizer has an exit priority
     * for the same reason: its workers must not be seen dying and be replaced).
     */
    Pool(Engine engine) {
        this.core = engine;
        Finalizers.Registration atExit = Finalizers.atExit(engine::terminate);
        this.cleanable = CLEANER.register(this, () -> {
            atExit.cancel();
            engine.terminate();
        });
    }

    /** The number of workers. */
    public int getProcesses() {
        return core.size();
    }

    /** The pids of the current workers (they change as workers are replaced). */
    public List<Long> getWorkerPids() {
        return core.workerPids();
    }

    // ---- apply ----

    /** Runs {@code task} in a worker and returns its result: Python's {@code apply}. */
    public <R> R apply(SerializableCallable<R> task) throws InterruptedException, ExecutionException {
        return applyAsync(task).get();
    }

    /** Runs {@code function(argument)} in a worker and returns its result. */
    public <T, R> R apply(SerializableFunction<? super T, ? extends R> function, T argument)
            throws InterruptedException, ExecutionException {
        return applyAsync(function, argument, null, null).get();
    }

    /** Python's {@code apply_async(func)}. */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
        return applyAsync(task, null, null);
    }

    /** Python's {@code apply_async(func, callback=..., error_callback=...)}; callbacks may be null. */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, Consumer<? super R> callback,
                                         Consumer<? super Throwable> errorCallback) {
        SerializableFunction<Object, R> function = new CallableFunction<>(task);
        return applyAsync(function, null, callback, errorCallback);
    }

    /** Python's {@code apply_async(f, (x,))}: {@code function(argument)} in a worker, asynchronously. */
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument) {
        return applyAsync(function, argument, null, null);
    }

    /** {@code function(argument)} in a worker, asynchronously; callbacks may be null. */
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument,
                                            Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        AsyncResult<R> result = new AsyncResult<>(callback, errorCallback);
        core.submit(new ApplyBatch<>(result), List.of(new Work(erase(function), Arrays.asList(argument))));
        return result;
    }

    /** A call whose outcome is one {@link AsyncResult}: the first chunk to fail fails it. */
    abstract static class ResultBatch<T> implements Batch {
        final AsyncResult<T> result;

        ResultBatch(AsyncResult<T> result) {
            this.result = result;
        }

        @Override
        public void chunkFailed(int index, Throwable error) {
            result.fail(error);
        }

        @Override
        public boolean finished() {
            return result.isDone();
        }
    }

    /** The one chunk of an {@code apply}. */
    static final class ApplyBatch<R> extends ResultBatch<R> {
        ApplyBatch(AsyncResult<R> result) {
            super(result);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void chunkDone(int index, List<?> values) {
            result.complete((R) values.get(0));
        }
    }

    /** Adapts a callable to the function form that workers run. */
    private static final class CallableFunction<R> implements SerializableFunction<Object, R> {
        private static final long serialVersionUID = 1L;
        private final SerializableCallable<R> task;

        CallableFunction(SerializableCallable<R> task) {
            this.task = task;
        }

        @Override
        public R apply(Object ignored) throws Exception {
            return task.call();
        }
    }

    // ---- map ----

    /** Python's {@code map(func, iterable)}: the results in order, chunked by CPython's rule. */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items)
            throws InterruptedException, ExecutionException {
        return this.<T, R>mapAsync(function, items, 0, null, null, null).get();
    }

    /** Python's {@code map(func, iterable, chunksize)}; {@code chunksize} 0 chooses one. */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                              int chunksize) throws InterruptedException, ExecutionException {
        return this.<T, R>mapAsync(function, items, chunksize, null, null, null).get();
    }

    /** {@code map} that reports its progress to {@code progress} after each chunk. */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                              int chunksize, ProgressListener progress) throws InterruptedException, ExecutionException {
        return this.<T, R>mapAsync(function, items, chunksize, null, null, progress).get();
    }

    /** Python's {@code map_async(func, iterable)}. */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function,
                                                Iterable<? extends T> items) {
        return mapAsync(function, items, 0, null, null, null);
    }

    /**
     * Python's {@code map_async(func, iterable, chunksize, callback, error_callback)}. The whole
     * call fails with the first chunk that fails; its chunks no worker has started yet are dropped.
     *
     * @param chunksize     items per job; 0 chooses by CPython's rule (a quarter of the items
     *                      per worker, rounded up)
     * @param callback      given the list of results, or null
     * @param errorCallback given the first error, or null
     * @param progress      told after each chunk how many items are done, or null
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function,
                                                Iterable<? extends T> items, int chunksize,
                                                Consumer<? super List<R>> callback,
                                                Consumer<? super Throwable> errorCallback,
                                                ProgressListener progress) {
        List<Object> arguments = toList(items);
        int size = chunksize > 0 ? chunksize : defaultChunksize(arguments.size());
        List<Work> works = chunks(erase(function), arguments, size);
        AsyncResult<List<R>> result = new AsyncResult<>(callback, errorCallback);
        MapBatch<R> batch = new MapBatch<>(result, arguments.size(), size, works.size(), progress);
        if (works.isEmpty()) {
            result.complete(new ArrayList<>());
        } else {
            core.submit(batch, works);
        }
        return result;
    }

    /** CPython's rule: the items spread over four chunks per worker, rounded up. */
    int defaultChunksize(int items) {
        int workers4 = core.size() * 4;
        int chunksize = items / workers4;
        return items % workers4 != 0 ? chunksize + 1 : Math.max(chunksize, 1);
    }

    /** Gathers the chunks of a {@code map} in order. */
    private static final class MapBatch<R> extends ResultBatch<List<R>> {
        private final Object[] values;
        private final int chunksize;
        private final ProgressListener progress;
        private int chunksLeft;
        private int itemsDone;

        MapBatch(AsyncResult<List<R>> result, int items, int chunksize, int chunks, ProgressListener progress) {
            super(result);
            this.values = new Object[items];
            this.chunksize = chunksize;
            this.chunksLeft = chunks;
            this.progress = progress;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void chunkDone(int index, List<?> chunkValues) {
            boolean complete;
            synchronized (this) {
                System.arraycopy(chunkValues.toArray(), 0, values, index * chunksize, chunkValues.size());
                complete = --chunksLeft == 0;
                itemsDone += chunkValues.size();
                if (progress != null) {
                    progress.progress(itemsDone, values.length);
                }
            }
            if (complete) {
                result.complete((List<R>) new ArrayList<>(Arrays.asList(values)));
            }
        }
    }

    // ---- starmap ----

    /** Python's {@code starmap(func, iterable)} for two-argument functions over pairs. */
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs)
            throws InterruptedException, ExecutionException {
        return this.<A, B, R>starmapAsync(function, pairs, 0, null, null).get();
    }

    /** Python's {@code starmap(func, iterable, chunksize)}; {@code chunksize} 0 chooses one. */
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunksize)
            throws InterruptedException, ExecutionException {
        return this.<A, B, R>starmapAsync(function, pairs, chunksize, null, null).get();
    }

    /** Python's {@code starmap_async(func, iterable, chunksize, callback, error_callback)}. */
    public <A, B, R> AsyncResult<List<R>> starmapAsync(
            SerializableBiFunction<? super A, ? super B, ? extends R> function,
            Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunksize,
            Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        List<Map.Entry<A, B>> entries = new ArrayList<>();
        for (Map.Entry<? extends A, ? extends B> pair : pairs) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(pair.getKey(), pair.getValue()));
        }
        return mapAsync(new Star<>(function), entries, chunksize, callback, errorCallback, null);
    }

    /** Applies a two-argument function to a pair. */
    private static final class Star<A, B, R> implements SerializableFunction<Map.Entry<A, B>, R> {
        private static final long serialVersionUID = 1L;
        private final SerializableBiFunction<? super A, ? super B, ? extends R> function;

        Star(SerializableBiFunction<? super A, ? super B, ? extends R> function) {
            this.function = function;
        }

        @Override
        public R apply(Map.Entry<A, B> pair) throws Exception {
            return function.apply(pair.getKey(), pair.getValue());
        }
    }

    // ---- imap ----

    /** Python's {@code imap(func, iterable)}: a lazy iterator over the results in order, one item per job. */
    public <T, R> IMapIterator<R> imap(SerializableFunction<? super T, ? extends R> function,
                                       Iterable<? extends T> items) {
        return imap(function, items, 1, null);
    }

    /**
     * Python's {@code imap(func, iterable, chunksize)}, with an optional progress listener. The
     * items are read at once; the results are yielded as they arrive.
     */
    public <T, R> IMapIterator<R> imap(SerializableFunction<? super T, ? extends R> function,
                                       Iterable<? extends T> items, int chunksize, ProgressListener progress) {
        return iterate(function, items, chunksize, progress, true);
    }

    /** Python's {@code imap_unordered(func, iterable)}: results in the order they finish. */
    public <T, R> IMapIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                Iterable<? extends T> items) {
        return imapUnordered(function, items, 1, null);
    }

    /** Python's {@code imap_unordered(func, iterable, chunksize)}, with an optional progress listener. */
    public <T, R> IMapIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                Iterable<? extends T> items, int chunksize,
                                                ProgressListener progress) {
        return iterate(function, items, chunksize, progress, false);
    }

    private <T, R> IMapIterator<R> iterate(SerializableFunction<? super T, ? extends R> function,
                                           Iterable<? extends T> items, int chunksize,
                                           ProgressListener progress, boolean ordered) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("Chunksize must be 1+, not " + chunksize);
        }
        List<Object> arguments = toList(items);
        List<Work> works = chunks(erase(function), arguments, chunksize);
        IMapIterator<R> iterator = new IMapIterator<>(works.size(), arguments.size(), ordered, progress);
        if (!works.isEmpty()) {
            core.submit(iterator.batch(), works);
        }
        return iterator;
    }

    // ---- life cycle ----

    /**
     * Python's {@code close()} then {@code join()}: accepts no more work, lets what was
     * submitted finish, and returns once every worker has exited. Does nothing after
     * {@link #terminate()}. If the thread is interrupted while it waits, the pool is terminated
     * and the method returns with the interrupt status set (as {@code ExecutorService.close()}).
     */
    @Override
    public void close() {
        core.close();
        try {
            core.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cleanable.clean();
    }

    /**
     * Python's {@code terminate()}: stops the workers at once; calls not finished fail with a
     * {@link org.multiprocessing4j.ProcessError}. Returns once the workers are gone.
     */
    public void terminate() {
        cleanable.clean();
    }

    /** Terminates; returns the results of the {@code apply} calls that no worker had started. */
    List<AsyncResult<?>> terminateReturningUnstarted() {
        List<AsyncResult<?>> unstarted = new ArrayList<>();
        for (Batch batch : core.terminate()) {
            if (batch instanceof ApplyBatch) {
                unstarted.add(((ApplyBatch<?>) batch).result);
            }
        }
        cleanable.clean();
        return unstarted;
    }

    boolean isShutdown() {
        return core.isShutdown();
    }

    boolean isTerminated() {
        return core.isTerminated();
    }

    boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return core.awaitTermination(timeout, unit);
    }

    /** Python's {@code close()} alone: no more work; returns at once. */
    void shutdown() {
        core.close();
    }

    /**
     * Python's {@code join()}: waits for the workers to exit.
     *
     * @throws IllegalStateException if the pool was neither closed nor terminated
     */
    public void join() throws InterruptedException {
        core.join();
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private static SerializableFunction<Object, Object> erase(SerializableFunction<?, ?> function) {
        return (SerializableFunction<Object, Object>) function;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> toList(Iterable<?> items) {
        if (items instanceof Range) {
            return (List<Object>) (List<?>) items; // immutable: chunks are its slices
        }
        if (items instanceof Collection) {
            return new ArrayList<>((Collection<?>) items); // one bulk copy
        }
        List<Object> list = new ArrayList<>();
        for (Object item : items) {
            list.add(item);
        }
        return list;
    }

    private static List<Work> chunks(SerializableFunction<Object, Object> function, List<Object> arguments,
                                     int chunksize) {
        List<Work> works = new ArrayList<>();
        for (int start = 0; start < arguments.size(); start += chunksize) {
            works.add(new Work(function, arguments.subList(start, Math.min(arguments.size(), start + chunksize))));
        }
        return works;
    }
}
