package org.multiprocessing4j.internal.platform;

import java.io.IOException;

/**
 * Descriptor I/O: pipes and connected pairs, reading and writing them, closing, and waiting on
 * several descriptors at once. Descriptors are file descriptors on POSIX and handles on
 * Windows, both carried as {@code long}. CPython's {@code os.pipe}, {@code os.read},
 * {@code os.write} and {@code multiprocessing.connection.wait}.
 */
public interface Descriptors {

    /** A one-way pipe {@code [readEnd, writeEnd]}, close-on-exec / non-inheritable. */
    long[] pipe() throws IOException;

    /**
     * A connected pair of descriptors that both read and write (a socketpair on POSIX, a duplex
     * named pipe on Windows), close-on-exec / non-inheritable.
     */
    long[] duplexPair() throws IOException;

    /**
     * Reads up to {@code length} bytes into {@code buffer} at {@code offset}: what is there, at
     * least one byte, blocking until then. Returns -1 at end of stream (0 only when
     * {@code length} is 0). Retries on EINTR. The connections' read path.
     */
    int read(long handle, NativeBuffer buffer, int offset, int length) throws IOException;

    /** Writes all {@code length} bytes of {@code buffer} from {@code offset}, looping over partial writes. */
    void write(long handle, byte[] buffer, int offset, int length) throws IOException;

    /** Writes all {@code length} bytes of {@code buffer} from {@code offset}, looping over partial writes. */
    void write(long handle, NativeBuffer buffer, int offset, int length) throws IOException;

    /** Closes a descriptor; errors are ignored because there is nothing a caller could do. */
    void close(long handle);

    /**
     * A second descriptor of this process for what {@code handle} refers to, not inherited by
     * children (POSIX {@code F_DUPFD_CLOEXEC}, Windows {@code DuplicateHandle}); closing either
     * leaves the other open.
     */
    long duplicate(long handle) throws IOException;

    /**
     * Waits until at least one of {@code handles} is ready (readable, at end of stream, or, for
     * a process sentinel, its process has ended) and returns the indices of the ready ones.
     *
     * @param timeoutMillis how long to wait; negative waits for ever, 0 only looks
     * @return the indices into {@code handles} that are ready, in ascending order, empty on time-out
     */
    int[] waitReady(long[] handles, long timeoutMillis) throws IOException;
}
