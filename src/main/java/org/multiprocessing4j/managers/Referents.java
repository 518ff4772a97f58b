package org.multiprocessing4j.managers;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/** The referent of an object a registered callable made: built-in behaviour for Java's collections, reflection otherwise. */
final class Referents {
    private Referents() {
    }

    @SuppressWarnings("unchecked")
    static Referent adapt(Object made) {
        if (made instanceof Referent) {
            return (Referent) made;
        }
        if (made instanceof BlockingQueue) {
            return new QueueReferent((BlockingQueue<Object>) made, ((BlockingQueue<?>) made).remainingCapacity()
                    == Integer.MAX_VALUE ? 0 : ((BlockingQueue<?>) made).remainingCapacity());
        }
        if (made instanceof List) {
            return new ListReferent((List<Object>) made);
        }
        if (made instanceof Map) {
            return new DictReferent((Map<Object, Object>) made);
        }
        if (made instanceof org.multiprocessing4j.pool.AsyncResult) {
            return new AsyncResultReferent((org.multiprocessing4j.pool.AsyncResult<?>) made);
        }
        if (made instanceof Iterator) {
            return new IteratorReferent((Iterator<?>) made);
        }
        if (made == null) {
            throw new IllegalArgumentException("a registered callable returned null: there is nothing to share");
        }
        return new ReflectiveReferent(made);
    }
}
