package org.multiprocessing4j.pool;

/**
 * Stands for an exception thrown by a task in a worker that could not be sent back as it is
 * (it is not serializable): it carries the class name, the message and the worker's stack
 * trace of the original.
 */
public class RemoteTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    RemoteTaskException(Throwable original) {
        super(original.getClass().getName() + (original.getMessage() == null ? "" : ": " + original.getMessage()));
        this.remoteClassName = original.getClass().getName();
        setStackTrace(original.getStackTrace());
    }

    /** The class name of the exception the task threw. */
    public String getRemoteClassName() {
        return remoteClassName;
    }
}
