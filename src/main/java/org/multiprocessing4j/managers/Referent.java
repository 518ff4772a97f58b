package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;

/**
 * A shared object as the manager's server calls it: by Python's method names, with Python's
 * positional and keyword arguments. The built-in types (a managed {@code list}, {@code dict},
 * {@code Queue}…) are referents written for it; any other object a registered callable returns
 * is called by reflection ({@link ReflectiveReferent}).
 */
interface Referent {

    /**
     * Calls {@code method}; a method that must be undone when its result cannot be delivered,
     * or whose removed values hold shared objects, returns an {@link Outcome}.
     *
     * @throws Exception what the method raised: it goes back to the client as {@code #ERROR}
     */
    Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception;

    /** The methods a client may call unless the registration says: Python's {@code public_methods(obj)}. */
    List<String> publicMethods();

    /** The object itself: its stored proxies, its {@code repr}, and what {@link #copy()} sends by default. */
    Object value();

    /**
     * What {@code #GETVALUE} (a proxy's {@code _getvalue()}) sends: {@link #value()}, or a
     * {@link PythonObject} where CPython's own server sends an instance of a Python class.
     */
    default Object copy() {
        return value();
    }

    /** Python's {@code repr(obj)}, for {@code __repr__}, {@code __str__} and {@code debug_info}. */
    String repr();

    /** The object as a registered callable made it: what {@code create} of the same object finds again. */
    default Object identity() {
        return this;
    }

    /** Whether the method may wait (for a lock, an item, other parties): a client's death then interrupts it. */
    default boolean mayBlock(String method) {
        return false;
    }

    /** Releases the shared objects this one holds: it was freed. */
    default void dispose() {
        Nested.release(value());
    }
}
