package org.multiprocessing4j.internal.engine;

import java.util.List;

/** Where the outcomes of the chunks of one call go. Called by the pool's handler thread. */
public interface Batch {
    /** Chunk {@code index} ran; {@code values} are its results in order. */
    void chunkDone(int index, List<?> values);

    /** Chunk {@code index} failed with {@code error}. */
    void chunkFailed(int index, Throwable error);

    /** True once no further outcome is wanted: queued chunks of it need not run. */
    boolean finished();
}
