package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.runtime.Awaiting;

import java.util.List;
import java.util.Map;

/**
 * A managed {@code Event}: Python's {@code threading.Event}, {@code EventProxy._exposed_}. On a
 * manager of {@code Multiprocessing.context("cluster")} the flag is an entry of a map the
 * cluster keeps ({@link #over}), which {@code wait} looks at every 20 ms.
 */
final class EventReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("is_set", "set", "clear", "wait");

    /** The entry of a cluster's map that is there while the event is set. */
    private static final String SET = "set";

    private boolean flag;
    /** The cluster's map that holds the flag, or null for an event of this process. */
    private final Map<Object, Object> shared;

    EventReferent() {
        this(null);
    }

    private EventReferent(Map<Object, Object> shared) {
        super(EXPOSED, "wait");
        this.shared = shared;
    }

    /** An event whose flag is an entry of {@code shared}, which others share (a cluster's map). */
    static EventReferent over(Map<Object, Object> shared) {
        return new EventReferent(shared);
    }

    @Override
    public Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        switch (method) {
            case "is_set":
                return Boolean.TRUE.equals(value());
            case "set":
                set(true);
                return null;
            case "clear":
                set(false);
                return null;
            case "wait":
                Args.between(args, method, 0, 1);
                long timeoutNanos = Args.timeoutNanos(Args.get(args, kwds, 0, "timeout", null));
                return shared == null ? await(timeoutNanos)
                        : Awaiting.polling(() -> shared.containsKey(SET), timeoutNanos, ClusterEntries.POLL_NANOS);
            default:
                throw new UnsupportedOperationException("Event has no method '" + method + "'");
        }
    }

    /** Python's {@code set()} ({@code true}) or {@code clear()}. */
    private void set(boolean on) {
        if (shared != null) {
            if (on) {
                shared.put(SET, Boolean.TRUE);
            } else {
                shared.remove(SET);
            }
            return;
        }
        synchronized (this) {
            flag = on;
            notifyAll();
        }
    }

    /** Python's {@code wait(timeout)}: the flag when it was set or the time ran out. */
    private synchronized boolean await(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!flag) {
            if (timeoutNanos < 0) {
                wait();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
        return flag;
    }

    @Override
    public Object value() {
        if (shared != null) {
            return shared.containsKey(SET);
        }
        synchronized (this) {
            return flag;
        }
    }

    @Override
    public synchronized String repr() {
        return "<threading.Event at " + Integer.toHexString(System.identityHashCode(this)) + ": " + (Boolean.TRUE.equals(value()) ? "set" : "unset") + ">";
    }

}
