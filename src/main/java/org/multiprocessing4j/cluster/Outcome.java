package org.multiprocessing4j.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * What a member answers for a chunk: its results, or the error it failed with. The error travels
 * as data (Java serialization) because a Hazelcast client rebuilds an exception thrown by a task
 * from its class name only, which would lose a {@link org.multiprocessing4j.pool.WorkerDiedException}.
 */
final class Outcome implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<?> values;
    final Throwable error;

    private Outcome(List<?> values, Throwable error) {
        this.values = values;
        this.error = error;
    }

    static Outcome done(List<?> values) {
        return new Outcome(values, null);
    }

    static Outcome failed(Throwable error) {
        return new Outcome(null, error);
    }
}
