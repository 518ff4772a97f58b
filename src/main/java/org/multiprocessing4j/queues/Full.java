package org.multiprocessing4j.queues;

/**
 * Python's {@code queue.Full}: a put that was not to block, or whose time-out passed, found the
 * queue at its maximum size. Checked, like {@link Empty}.
 */
public class Full extends Exception {
    private static final long serialVersionUID = 1L;

    /** Python's {@code queue.Full()}. */
    public Full() {
        super("the queue is full");
    }
}
