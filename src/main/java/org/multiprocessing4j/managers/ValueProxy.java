package org.multiprocessing4j.managers;

/**
 * The proxy of a managed {@code Value}: Python's {@code ValueProxy}, {@code v.value} being
 * {@link #get()} and {@code v.value = x} {@link #set}.
 *
 * <p>From a manager of {@code Multiprocessing.context("cluster")}, the value is an entry of a
 * Hazelcast {@code IMap} of its own, read and set in the calling process; the proxy goes to any
 * process attached to the cluster. {@code set(get() + 1)} is two steps, as in Python: hold a
 * lock of the same manager around them.
 */
public final class ValueProxy<T> extends BaseProxy {
    private static final long serialVersionUID = 1L;

    ValueProxy(AutoProxy core) {
        super(core);
    }

    /** Python's {@code v.value} ({@code get()}). */
    @SuppressWarnings("unchecked")
    public T get() {
        return (T) call("get");
    }

    /** Python's {@code v.value = value} ({@code set(value)}). */
    public void set(T value) {
        call("set", value);
    }
}
