package org.multiprocessing4j.function;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** A task for {@code apply}: a serializable lambda or method reference that returns a value. */
@FunctionalInterface
public interface SerializableCallable<R> extends Callable<R>, Serializable {
}
