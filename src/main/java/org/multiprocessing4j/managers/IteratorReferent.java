package org.multiprocessing4j.managers;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A managed iterator, as a dict's {@code __iter__} or a pool's {@code imap} returns one:
 * Python's {@code IteratorProxy} methods {@code __next__}, {@code send}, {@code throw},
 * {@code close}. The end is Python's StopIteration, a {@link NoSuchElementException} here.
 */
final class IteratorReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("__next__", "send", "throw", "close");

    private final Iterator<?> iterator;
    private boolean closed;

    IteratorReferent(Iterator<?> iterator) {
        // An imap's next result may be a while coming.
        super(EXPOSED, "__next__", "send");
        this.iterator = iterator;
    }

    @Override
    public synchronized Object call(String method, List<Object> args, Map<String, Object> kwds) {
        switch (method) {
            case "__next__":
            case "send":
                if (closed || !iterator.hasNext()) {
                    throw new NoSuchElementException("StopIteration");
                }
                return iterator.next();
            case "close":
                closed = true;
                return null;
            case "throw":
                closed = true;
                throw new IllegalStateException("throw() into a Java iterator: " + args);
            default:
                throw new UnsupportedOperationException("iterator has no method '" + method + "'");
        }
    }

    @Override
    public Object value() {
        return null;
    }

    @Override
    public String repr() {
        return "<iterator " + iterator + ">";
    }

    @Override
    public Object identity() {
        return iterator;
    }

}
