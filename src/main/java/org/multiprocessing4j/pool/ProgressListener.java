package org.multiprocessing4j.pool;

/**
 * Told how far a {@code map} or {@code imap} has come, in the pool's result-handling thread, after
 * each chunk: {@code done} items of {@code total} have their results. It should return quickly.
 */
@FunctionalInterface
public interface ProgressListener {
    /** {@code done} of {@code total} items are finished. */
    void progress(int done, int total);
}
