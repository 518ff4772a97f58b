package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Platform;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * A point in time by which a read must have its bytes; the handshake reads under one. It may
 * also be cut short: a listener's handshakes end as soon as the listener's closing descriptor
 * becomes ready, instead of outliving the listener for the rest of their time.
 */
final class Deadline {
    private static final long NO_CANCEL = -1;
    private static final Duration FOR_EVER = Duration.ofDays(36_500);

    private final long end;
    private final Duration timeout;
    private final long cancel;

    private Deadline(Duration timeout, long cancel) {
        this.timeout = timeout;
        // Beyond a century is for ever; it also keeps the sum below from overflowing.
        long nanos = timeout.compareTo(FOR_EVER) >= 0 ? FOR_EVER.toNanos() : timeout.toNanos();
        this.end = System.nanoTime() + nanos;
        this.cancel = cancel;
    }

    /** The deadline {@code timeout} from now. */
    static Deadline in(Duration timeout) {
        return new Deadline(timeout, NO_CANCEL);
    }

    /** The deadline {@code timeout} from now, cut short once {@code cancel} is ready to read. */
    static Deadline in(Duration timeout, long cancel) {
        return new Deadline(timeout, cancel);
    }

    /** The whole milliseconds left, rounded up; 0 once it has passed. */
    private long remainingMillis() {
        long left = end - System.nanoTime();
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    /**
     * Waits until {@code handle} has something to read (or its end).
     *
     * @throws InterruptedIOException if the deadline passes first, or the wait was cancelled
     */
    void awaitReadable(long handle) throws IOException {
        long millis = remainingMillis();
        long[] handles = cancel == NO_CANCEL ? new long[] {handle} : new long[] {handle, cancel};
        int[] ready = millis == 0 ? new int[0] : Platform.descriptors().waitReady(handles, millis);
        for (int index : ready) {
            if (index == 1) {
                throw new InterruptedIOException("the wait for the peer was cancelled: the listener is closed");
            }
        }
        if (ready.length == 0) {
            throw new InterruptedIOException("no data from the peer within " + timeout.toMillis() + " ms");
        }
    }
}
