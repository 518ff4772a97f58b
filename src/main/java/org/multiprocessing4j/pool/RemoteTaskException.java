package org.multiprocessing4j.pool;

/**
 * Stands for an exception thrown by a task in a worker that could not be sent back as it is:
 * it is not serializable, or the pool's serializer would refuse its class here (see
 * {@link org.multiprocessing4j.serialization.ClassPolicy}). It carries the original's class
 * name, message and stack trace (from the worker), and its causes as RemoteTaskExceptions too,
 * all as strings and the JDK's stack trace elements.
 */
public class RemoteTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Causes beyond this many are left out (a chain can be long, or even loop). */
    private static final int MAX_CAUSES = 32;

    private final String remoteClassName;
    private final String remoteMessage;

    RemoteTaskException(Throwable original) {
        this(original, 0);
    }

    private RemoteTaskException(Throwable original, int depth) {
        super(original.getClass().getName() + (original.getMessage() == null ? "" : ": " + original.getMessage()));
        this.remoteClassName = original.getClass().getName();
        this.remoteMessage = original.getMessage();
        setStackTrace(original.getStackTrace());
        Throwable cause = original.getCause();
        if (cause != null && cause != original && depth < MAX_CAUSES) {
            initCause(new RemoteTaskException(cause, depth + 1));
        }
    }

    /** The last resort: the class name and message only. */
    RemoteTaskException(String remoteClassName, String remoteMessage) {
        super(remoteClassName + ": " + remoteMessage);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
    }

    /** The class name of the exception the task threw. */
    public String getRemoteClassName() {
        return remoteClassName;
    }

    /** The message of the exception the task threw, or null if it had none. */
    public String getRemoteMessage() {
        return remoteMessage;
    }
}
