package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;

/** A managed {@code Event}: Python's {@code threading.Event}, {@code EventProxy._exposed_}. */
final class EventReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("is_set", "set", "clear", "wait");

    private boolean flag;

    EventReferent() {
        super(EXPOSED, "wait");
    }

    @Override
    public synchronized Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        switch (method) {
            case "is_set":
                return flag;
            case "set":
                flag = true;
                notifyAll();
                return null;
            case "clear":
                flag = false;
                return null;
            case "wait":
                Args.between(args, method, 0, 1);
                return await(Args.timeoutNanos(Args.get(args, kwds, 0, "timeout", null)));
            default:
                throw new UnsupportedOperationException("Event has no method '" + method + "'");
        }
    }

    /** Python's {@code wait(timeout)}: the flag when it was set or the time ran out. */
    private boolean await(long timeoutNanos) throws InterruptedException {
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
    public synchronized Object value() {
        return flag;
    }

    @Override
    public synchronized String repr() {
        return "<threading.Event at " + Integer.toHexString(System.identityHashCode(this)) + ": " + (flag ? "set" : "unset") + ">";
    }

}
