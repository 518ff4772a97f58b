package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A function that a pool runs in a worker process: a serializable lambda or method reference,
 * {@code pool.map(x -> x * x, items)}. What it captures travels with it, so it must be
 * serializable too. It may throw; the exception reaches the caller.
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Serializable {
    /** Runs in a worker. */
    R apply(T argument) throws Exception;
}
