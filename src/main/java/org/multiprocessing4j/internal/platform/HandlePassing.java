package org.multiprocessing4j.internal.platform;

import java.io.IOException;

/**
 * Handing descriptors to a process that is already running (a spare JVM, or a process that
 * receives a connection): POSIX sends them over a Unix socket ({@code SCM_RIGHTS}). CPython's
 * {@code reduction.sendfds} and {@code recvfds}.
 */
public interface HandlePassing {

    /**
     * Whether descriptors can be handed to a running process here. Not on Windows for now,
     * where a Winsock socket cannot be duplicated with {@code DuplicateHandle}; every other
     * method then throws {@link UnsupportedOperationException}.
     */
    boolean isSupported();

    /** A connected pair for {@link #send} and {@link #receive}. */
    long[] channel() throws IOException;

    /** A new descriptor, close-on-exec, for what {@code handle} refers to. */
    long duplicate(long handle) throws IOException;

    /** Sends {@code handles} (duplicates; the caller keeps its own) over a {@link #channel}. */
    void send(long channel, long[] handles) throws IOException;

    /**
     * Receives the {@code count} descriptors the other end of a {@link #channel} sent.
     *
     * @throws java.io.EOFException if the sender closed its end first
     */
    long[] receive(long channel, int count) throws IOException;
}
