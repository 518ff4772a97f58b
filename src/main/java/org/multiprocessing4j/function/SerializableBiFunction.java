package org.multiprocessing4j.function;

import java.io.Serializable;

/** A two-argument function for {@code starmap}: a serializable lambda or method reference. */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends Serializable {
    /** Runs in a worker. */
    R apply(A first, B second) throws Exception;
}
