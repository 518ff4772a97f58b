package org.multiprocessing4j.pool;

import org.multiprocessing4j.ProcessError;

/**
 * The worker process that held a task ended before it answered: killed by a signal, crashed,
 * or {@code System.exit} in the task. The pool replaced the worker and goes on; only the tasks
 * that worker held fail with this error.
 */
public class WorkerDiedException extends ProcessError {
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final Integer exitCode;

    /** The worker {@code pid} ended with {@code exitCode} (negative: the signal number). */
    public WorkerDiedException(String workerName, long pid, Integer exitCode) {
        super("worker " + workerName + " (pid " + pid + ") died with exit code " + exitCode
                + " while it ran this task");
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /** The pid of the worker that died. */
    public long getPid() {
        return pid;
    }

    /** Its exit code: negative for the signal that ended it, as {@link org.multiprocessing4j.Process#getExitCode()}. */
    public Integer getExitCode() {
        return exitCode;
    }
}
