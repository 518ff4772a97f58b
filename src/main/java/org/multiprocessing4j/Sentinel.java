package org.multiprocessing4j;

import org.multiprocessing4j.connection.Waitable;

/**
 * A handle that becomes ready when a process ends: Python's {@code Process.sentinel}. On Linux
 * it is a pidfd (or a pipe on kernels before 5.3), on macOS a pipe, on Windows the process
 * handle. Pass it to {@link Multiprocessing#wait} to wait on several processes and connections
 * at once. It stays valid until the process object is closed.
 */
public final class Sentinel implements Waitable {
    private final long handle;

    Sentinel(long handle) {
        this.handle = handle;
    }

    /** The descriptor or handle value, like the integer CPython returns. */
    public long handle() {
        return handle;
    }

    @Override
    public long waitHandle() {
        return handle;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sentinel && ((Sentinel) other).handle == handle;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(handle);
    }

    @Override
    public String toString() {
        return "Sentinel[" + handle + "]";
    }
}
