package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.InvalidObjectException;

/**
 * How connections and listeners cross into a child at its start: by inheritance. Their
 * serialized forms carry an index that this registers; the child turns it back into its own
 * descriptor. (A connection sent to a running process goes through the {@link ResourceSharer}.)
 */
final class Handoff {
    private Handoff() {
    }

    /** Whether the object being serialized goes to a child being started (else to a running process). */
    static boolean toChildAtStart() {
        return Inheritance.isCollecting();
    }

    /**
     * Registers {@code handle} for the child being started.
     *
     * @throws InvalidObjectException outside a child's start (sent through a connection, or
     *                                serialized by the application): refused as in CPython
     */
    static int register(long handle, String what) throws InvalidObjectException {
        return Inheritance.registerOrRefuse(handle, what);
    }

    /** The child's descriptor for a registered index. */
    static long inherited(int index) {
        return Inheritance.inherited(index);
    }
}
