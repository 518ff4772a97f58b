package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Set;

/**
 * A referent written for the manager (a managed list, queue, lock…): its exposed methods are
 * CPython's {@code _exposed_} of the matching proxy, and it names the methods that may wait.
 */
abstract class BuiltinReferent implements Referent {
    private final List<String> exposed;
    private final Set<String> blocking;

    BuiltinReferent(List<String> exposed, String... blocking) {
        this.exposed = exposed;
        this.blocking = Set.of(blocking);
    }

    @Override
    public final List<String> publicMethods() {
        return exposed;
    }

    @Override
    public final boolean mayBlock(String method) {
        return blocking.contains(method);
    }

    /** Python's {@code repr} of its value. */
    @Override
    public String repr() {
        return Sequences.repr(value());
    }
}
