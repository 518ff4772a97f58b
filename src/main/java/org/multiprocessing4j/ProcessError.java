package org.multiprocessing4j;

/**
 * The base of this library's errors, as {@code multiprocessing.ProcessError} is in Python:
 * a child that could not be started, or a resource that could not be handed to one.
 */
public class ProcessError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public ProcessError(String message) {
        super(message);
    }

    /** An error with a message and the exception behind it. */
    public ProcessError(String message, Throwable cause) {
        super(message, cause);
    }
}
