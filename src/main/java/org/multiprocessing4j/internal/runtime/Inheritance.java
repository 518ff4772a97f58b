package org.multiprocessing4j.internal.runtime;

import java.io.InvalidObjectException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands descriptors to a child by inheritance while its entry is being serialized. A resource
 * (a connection, a lock) that is reachable from a process's target calls {@link #register}
 * from its {@code writeObject} and records the index it gets; in the child it turns that index
 * back into a descriptor with {@link #inherited(int)}. Outside a child's start there is nothing
 * to inherit into, and {@link #register} says so. CPython's counterpart is the
 * {@code duplicate_for_child} part of {@code multiprocessing.reduction}.
 */
public final class Inheritance {
    private static final ThreadLocal<List<Long>> COLLECTING = new ThreadLocal<>();
    private static volatile long[] inheritedHandles = new long[0];

    private Inheritance() {
    }

    /** Whether the calling thread is serializing an entry for a child being started. */
    public static boolean isCollecting() {
        return COLLECTING.get() != null;
    }

    /**
     * Registers {@code handle} to be inherited by the child being started.
     *
     * @return the index the child uses to find it
     * @throws IllegalStateException outside a child's start
     */
    public static int register(long handle) {
        List<Long> handles = COLLECTING.get();
        if (handles == null) {
            throw new IllegalStateException("descriptors can only be handed to a child at its start");
        }
        int existing = handles.indexOf(handle);
        if (existing >= 0) {
            return existing;
        }
        handles.add(handle);
        return handles.size() - 1;
    }

    /**
     * Registers {@code handle} for the child being started, or, outside a child's start (sent
     * through a connection, serialized by the application), refuses as CPython does.
     *
     * @param what the kind of object, for the message ("Lock", "Connection")
     * @throws InvalidObjectException outside a child's start
     */
    public static int registerOrRefuse(long handle, String what) throws InvalidObjectException {
        requireCollecting(what);
        return register(handle);
    }

    /**
     * Refuses, with CPython's explanation, to serialize a {@code what} outside a child's start.
     *
     * @throws InvalidObjectException outside a child's start
     */
    public static void requireCollecting(String what) throws InvalidObjectException {
        if (!isCollecting()) {
            throw new InvalidObjectException(what + " objects should only be shared between processes through "
                    + "inheritance: make them reachable from a Process target before start()");
        }
    }

    /**
     * Starts collecting, on the calling thread, the descriptors of the entry it is about to
     * serialize for a child; {@link #end()} stops.
     *
     * @return the list that {@link #register} fills, in index order
     */
    public static List<Long> begin() {
        List<Long> handles = new ArrayList<>();
        COLLECTING.set(handles);
        return handles;
    }

    /** Stops collecting on the calling thread. */
    public static void end() {
        COLLECTING.remove();
    }

    /**
     * How this child sees the descriptor registered at {@code index} when its entry was
     * serialized: resources rebuild themselves around it.
     *
     * @throws IllegalStateException if the parent registered no such index
     */
    public static long inherited(int index) {
        long[] handles = inheritedHandles;
        if (index < 0 || index >= handles.length) {
            throw new IllegalStateException("no inherited descriptor number " + index
                    + " (this process received " + handles.length + ")");
        }
        return handles[index];
    }

    /** Records the descriptors this child received, in the order the parent registered them. */
    public static void setInherited(long[] handles) {
        inheritedHandles = handles.clone();
    }
}
