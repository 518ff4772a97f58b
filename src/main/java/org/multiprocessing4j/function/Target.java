package org.multiprocessing4j.function;

import java.io.Serializable;

/**
 * What a child process runs: Python's {@code target} callable. A lambda or method reference
 * works as long as what it captures is serializable, since it travels to the child:
 * {@code new Process(() -> greet("Bob"))}. Unlike {@link Runnable} it may throw, so that a
 * checked exception in the child ends it with exit code 1 and its stack trace, as in Python.
 */
@FunctionalInterface
public interface Target extends Serializable {
    /** Runs in the child process. */
    void run() throws Exception;
}
