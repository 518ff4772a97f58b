package org.multiprocessing4j.queues;

/**
 * Python's {@code queue.Empty}: a get that was not to block, or whose time-out passed, found no
 * message. Checked, as {@link java.util.concurrent.TimeoutException} is: an empty queue is an
 * outcome to handle, not a bug.
 */
public class Empty extends Exception {
    private static final long serialVersionUID = 1L;

    /** Python's {@code queue.Empty()}. */
    public Empty() {
        super("the queue is empty");
    }
}
