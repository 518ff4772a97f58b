package org.multiprocessing4j.managers;

/**
 * A request the manager could not run: Python's {@code multiprocessing.managers.RemoteError},
 * raised for a {@code #TRACEBACK} reply (an unknown object or method, a malformed request, a
 * failing {@code create}) or an {@code #UNSERIALIZABLE} one. The message holds the manager's
 * traceback between two rules of dashes, as CPython prints it.
 */
public class RemoteError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with the manager's traceback text: Python's {@code RemoteError(tb)}. */
    public RemoteError(String traceback) {
        super("\n" + "-".repeat(75) + "\n" + traceback + (traceback.endsWith("\n") ? "" : "\n") + "-".repeat(75));
    }
}
