package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;

/**
 * What a managed {@code Barrier} answers, wherever its round is kept (the manager's process:
 * {@link BarrierReferent}; a map of the cluster: {@link SharedBarrierReferent}): Python's
 * {@code wait}, {@code abort}, {@code reset} and the attributes {@code parties},
 * {@code n_waiting}, {@code broken} through {@code __getattribute__}, CPython's
 * {@code BarrierProxy._exposed_}. Python's BrokenBarrierError is {@link BrokenBarrierException}.
 */
abstract class BarrierCalls extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("__getattribute__", "wait", "abort", "reset");

    BarrierCalls() {
        super(EXPOSED, "wait");
    }

    /** {@code wait}'s time-out when its caller gives none, in nanoseconds; negative: none. */
    abstract long defaultTimeout();

    /** Python's {@code wait(timeout)}: the arrival index, 0 to parties - 1; a time-out breaks the round. */
    abstract int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException;

    /** Python's {@code abort()}. */
    abstract void abort() throws InterruptedException;

    /** Python's {@code reset()}: breaks the waiting parties' round, then starts afresh. */
    abstract void reset() throws InterruptedException;

    abstract int parties();

    /** Python's {@code n_waiting}. */
    abstract int waiting();

    abstract boolean broken();

    @Override
    public final Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        switch (method) {
            case "wait":
                Args.between(args, method, 0, 1);
                Object timeout = Args.get(args, kwds, 0, "timeout", null);
                return await(timeout == null ? defaultTimeout() : Args.timeoutNanos(timeout));
            case "abort":
                abort();
                return null;
            case "reset":
                reset();
                return null;
            case "__getattribute__":
                return attribute(Args.string(args, 0, method, 1));
            default:
                throw new UnsupportedOperationException("Barrier has no method '" + method + "'");
        }
    }

    private Object attribute(String name) {
        switch (name) {
            case "parties":
                return parties();
            case "n_waiting":
                return waiting();
            case "broken":
                return broken();
            default:
                throw new IllegalArgumentException("AttributeError: 'Barrier' object has no attribute '" + name + "'");
        }
    }
}
