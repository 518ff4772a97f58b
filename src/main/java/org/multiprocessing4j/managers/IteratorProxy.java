package org.multiprocessing4j.managers;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The proxy of a managed iterator (a dict's iteration, a managed pool's {@code imap}): Python's
 * {@code IteratorProxy}, and a Java {@link Iterator} ({@code __next__} answers
 * {@link #hasNext()} by fetching the next element ahead).
 */
public final class IteratorProxy<E> extends BaseProxy implements Iterator<E> {
    private static final long serialVersionUID = 1L;
    private static final Object NONE = new Object();

    private transient Object ahead = NONE;
    private transient boolean ended;

    IteratorProxy(AutoProxy core) {
        super(core);
    }

    @Override
    public synchronized boolean hasNext() {
        if (ahead == NONE && !ended) {
            try {
                ahead = call("__next__");
            } catch (NoSuchElementException stopIteration) {
                ended = true;
            }
        }
        return !ended;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized E next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object value = ahead;
        ahead = NONE;
        return (E) value;
    }
}
