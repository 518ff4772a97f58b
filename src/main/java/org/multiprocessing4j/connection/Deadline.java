package org.multiprocessing4j.connection;

import java.io.InterruptedIOException;
import java.time.Duration;

/** A point in time by which a read must have its bytes; the handshake reads under one. */
final class Deadline {
    private final long end;
    private final Duration timeout;

    private Deadline(Duration timeout) {
        this.timeout = timeout;
        this.end = System.nanoTime() + timeout.toNanos();
    }

    /** The deadline {@code timeout} from now. */
    static Deadline in(Duration timeout) {
        return new Deadline(timeout);
    }

    /** The whole milliseconds left, rounded up; 0 once it has passed. */
    long remainingMillis() {
        long left = end - System.nanoTime();
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    /** The exception for a read that did not get its bytes in time. */
    InterruptedIOException expired() {
        return new InterruptedIOException("no data from the peer within " + timeout.toMillis() + " ms");
    }
}
