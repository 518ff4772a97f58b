package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;

/**
 * What every proxy of a shared object does, whatever Java interface it also implements:
 * Python's {@code BaseProxy} — {@code _callmethod}, {@code _getvalue}, the token — and the
 * release of its reference ({@link #close()}; an unreachable proxy is released by the garbage
 * collector, and a process's references all go when it exits or dies).
 *
 * <p>A proxy is serializable: sent to another process (through a queue, a pipe, a pool task,
 * or captured by a {@code Process} target), it is rebuilt there as a working proxy with a
 * reference of its own.
 */
public interface Proxy extends AutoCloseable {

    /** What names the shared object: Python's {@code proxy._token}. */
    Token getToken();

    /**
     * Calls {@code method} on the shared object with positional arguments: Python's
     * {@code proxy._callmethod(methodname, args)}. Returns a copy of the result (a proxy when
     * the method's result is shared, as {@code method_to_typeid} says).
     *
     * @throws RemoteError if the manager could not run the call (no such method exposed…)
     * @throws ManagerConnectionException if the manager cannot be reached
     * @throws RuntimeException what the method raised, as it raised it; a checked exception
     *         comes wrapped in {@link java.lang.reflect.UndeclaredThrowableException}
     */
    Object callMethod(String method, Object... args);

    /** {@link #callMethod(String, Object...)} with keyword arguments: Python's {@code _callmethod(name, args, kwds)}. */
    Object callMethod(String method, List<?> args, Map<String, ?> kwds);

    /** A copy of the shared object itself: Python's {@code proxy._getvalue()}. */
    Object getValue();

    /** Releases this proxy's reference now (CPython does it when the proxy is garbage collected); a second call does nothing. */
    @Override
    void close();
}
