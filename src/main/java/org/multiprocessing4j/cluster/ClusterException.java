package org.multiprocessing4j.cluster;

import org.multiprocessing4j.ProcessError;

/**
 * The cluster cannot do what was asked: it cannot be reached, it has no member that runs
 * chunks, or this handle was closed.
 */
public class ClusterException extends ProcessError {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public ClusterException(String message) {
        super(message);
    }

    /** An error with a message and the exception behind it. */
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
