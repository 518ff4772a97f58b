package org.multiprocessing4j.managers;

import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.function.SerializableFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The proxy of a managed {@code Pool}: a real {@link org.multiprocessing4j.pool.Pool} in the
 * manager's process, its workers children of that process; Python's {@code PoolProxy}. Tasks
 * and their arguments travel to the manager, then to its workers. The {@code _async} methods
 * return an {@link AsyncResultProxy}, {@code imap} an {@link IteratorProxy}. Python's
 * {@code close()} is {@link #closePool()} here, since {@link #close()} releases the proxy (and
 * with the last proxy the pool is terminated, as CPython's {@code with} does).
 */
public final class PoolProxy extends BaseProxy {
    private static final long serialVersionUID = 1L;

    PoolProxy(AutoProxy core) {
        super(core);
    }

    private Object run(String method, Object... args) throws ExecutionException {
        try {
            return invoke(method, args);
        } catch (ExecutionException e) {
            throw e;
        } catch (Exception e) {
            throw Unchecked.of(e);
        }
    }

    /** Python's {@code apply(func)}. */
    @SuppressWarnings("unchecked")
    public <R> R apply(SerializableCallable<R> task) throws ExecutionException {
        return (R) run("apply", task);
    }

    /** Python's {@code apply(func, (argument,))}. */
    @SuppressWarnings("unchecked")
    public <A, R> R apply(SerializableFunction<? super A, ? extends R> function, A argument) throws ExecutionException {
        return (R) run("apply", function, argument);
    }

    /** Python's {@code apply_async(func, (argument,))}. */
    @SuppressWarnings("unchecked")
    public <A, R> AsyncResultProxy<R> applyAsync(SerializableFunction<? super A, ? extends R> function, A argument) {
        return (AsyncResultProxy<R>) call("apply_async", function, argument);
    }

    /** Python's {@code map(func, items)}. */
    @SuppressWarnings("unchecked")
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, List<? extends T> items)
            throws ExecutionException {
        return (List<R>) run("map", function, new ArrayList<>(items));
    }

    /** Python's {@code map(func, items, chunksize)}. */
    @SuppressWarnings("unchecked")
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, List<? extends T> items,
                              int chunksize) throws ExecutionException {
        return (List<R>) run("map", function, new ArrayList<>(items), chunksize);
    }

    /** Python's {@code map_async(func, items)}. */
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResultProxy<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function,
                                                     List<? extends T> items) {
        return (AsyncResultProxy<List<R>>) call("map_async", function, new ArrayList<>(items));
    }

    /** Python's {@code starmap(func, pairs)}. */
    @SuppressWarnings("unchecked")
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     List<? extends Map.Entry<? extends A, ? extends B>> pairs) throws ExecutionException {
        List<Object> plain = new ArrayList<>();
        for (Map.Entry<? extends A, ? extends B> pair : pairs) {
            List<Object> two = new ArrayList<>(2);
            two.add(pair.getKey());
            two.add(pair.getValue());
            plain.add(two);
        }
        return (List<R>) run("starmap", function, plain);
    }

    /** Python's {@code imap(func, items)}: results in order, as they come. */
    @SuppressWarnings("unchecked")
    public <T, R> IteratorProxy<R> imap(SerializableFunction<? super T, ? extends R> function, List<? extends T> items) {
        return (IteratorProxy<R>) call("imap", function, new ArrayList<>(items));
    }

    /** Python's {@code imap_unordered(func, items)}: results as they finish. */
    @SuppressWarnings("unchecked")
    public <T, R> IteratorProxy<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                 List<? extends T> items) {
        return (IteratorProxy<R>) call("imap_unordered", function, new ArrayList<>(items));
    }

    /** Python's {@code close()}: no more tasks; the workers end once the submitted ones are done. */
    public void closePool() {
        call("close");
    }

    /** Python's {@code terminate()}: stops the workers now. */
    public void terminate() {
        call("terminate");
    }

    /** Python's {@code join()}: waits for the workers to end, after {@link #closePool()} or {@link #terminate()}. */
    public void join() {
        call("join");
    }
}
