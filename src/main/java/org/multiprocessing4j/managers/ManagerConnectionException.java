package org.multiprocessing4j.managers;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The manager could not be reached, or went away during a call: it shut down, its process
 * died, or the connection broke. CPython raises {@code EOFError}, {@code BrokenPipeError} or
 * {@code ConnectionRefusedError} there, and a proxy whose connection broke keeps failing with
 * them (gh-88780); here the broken connection is dropped at once, so the next call reconnects
 * (and says "connection refused" while the manager is gone). The cause is the I/O error.
 */
public class ManagerConnectionException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /** An error that says what was being done, caused by {@code cause}. */
    public ManagerConnectionException(String message, IOException cause) {
        super(message, cause);
    }
}
