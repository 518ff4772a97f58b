package org.multiprocessing4j.connection;

/**
 * Something {@link Wait#wait(java.util.Collection, java.time.Duration)} can wait on:
 * it exposes the descriptor (POSIX) or handle (Windows) that becomes ready. Python's
 * {@code fileno()} protocol.
 */
public interface Waitable {
    /** The descriptor or handle to wait on. */
    long waitHandle();

    /**
     * Whether it is ready without a look at its handle: a connection that has already read
     * bytes of the next message into its buffer. Waiting on the handle alone would miss them.
     */
    default boolean readyWithoutWaiting() {
        return false;
    }
}
