package org.multiprocessing4j.managers;

import java.time.Duration;

/**
 * The proxy of a managed {@code Event}: Python's {@code EventProxy} — {@code is_set},
 * {@code set}, {@code clear}, {@code wait(timeout)} — with the names of this library's
 * {@link org.multiprocessing4j.sync.Event} ({@code wait} is {@link #await}).
 *
 * <p>From a manager of {@code Multiprocessing.context("cluster")}, the flag is an entry of a
 * Hazelcast {@code IMap} of its own, and {@link #await} looks at it every 20 ms in the calling
 * process; the proxy goes to any process attached to the cluster.
 */
public final class EventProxy extends BaseProxy {
    private static final long serialVersionUID = 1L;

    EventProxy(AutoProxy core) {
        super(core);
    }

    /** Python's {@code is_set()}. */
    public boolean isSet() {
        return (Boolean) call("is_set");
    }

    /** Python's {@code set()}: wakes every waiter. */
    public void set() {
        call("set");
    }

    /** Python's {@code clear()}. */
    public void clear() {
        call("clear");
    }

    /** Python's {@code wait()}: until the flag is set. */
    public void await() {
        call("wait", (Object) null);
    }

    /** Python's {@code wait(timeout)}: the flag when it was set or the time ran out. */
    public boolean await(Duration timeout) {
        return (Boolean) call("wait", timeout.toNanos() / 1e9);
    }
}
