package org.multiprocessing4j.managers;

/**
 * The proxy of a managed {@code Value}: Python's {@code ValueProxy}, {@code v.value} being
 * {@link #get()} and {@code v.value = x} {@link #set}.
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
