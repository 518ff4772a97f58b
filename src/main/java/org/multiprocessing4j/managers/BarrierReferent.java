package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;

/**
 * A managed {@code Barrier}: Python's {@code threading.Barrier(parties, action=None,
 * timeout=None)} with {@code BarrierProxy._exposed_}: {@code wait}, {@code abort},
 * {@code reset} and the attributes {@code parties}, {@code n_waiting}, {@code broken} through
 * {@code __getattribute__}. Python's BrokenBarrierError is {@link BrokenBarrierException}; a
 * party whose client goes away breaks the round, as a Python thread's exception would.
 */
final class BarrierReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("__getattribute__", "wait", "abort", "reset");

    private final int parties;
    private final long defaultTimeout;
    private int waiting;
    private long generation;
    private boolean broken;
    /** The round a reset broke for the parties waiting in it. */
    private long resetRound = -1;

    private BarrierReferent(int parties, long defaultTimeout) {
        super(EXPOSED, "wait");
        if (parties < 1) {
            throw new IllegalArgumentException("ValueError: parties must be > 0");
        }
        this.parties = parties;
        this.defaultTimeout = defaultTimeout;
    }

    /** {@code Barrier(parties, action=None, timeout=None)}; an action would run in the manager, and is refused. */
    static BarrierReferent create(List<Object> args, Map<String, Object> kwds) {
        if (Args.get(args, kwds, 1, "action", null) != null) {
            throw new IllegalArgumentException("a managed Barrier takes no action: it would run in the manager's process");
        }
        return new BarrierReferent(Args.integer(Args.get(args, kwds, 0, "parties", null), "parties"),
                Args.timeoutNanos(Args.get(args, kwds, 2, "timeout", null)));
    }

    @Override
    public synchronized Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        switch (method) {
            case "wait":
                Args.between(args, method, 0, 1);
                Object timeout = Args.get(args, kwds, 0, "timeout", null);
                return await(timeout == null ? defaultTimeout : Args.timeoutNanos(timeout));
            case "abort":
                broken = true;
                notifyAll();
                return null;
            case "reset":
                // Python breaks the waiting parties' round, then starts afresh.
                if (waiting > 0) {
                    resetRound = generation;
                }
                generation++;
                waiting = 0;
                broken = false;
                notifyAll();
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
                return parties;
            case "n_waiting":
                return waiting;
            case "broken":
                return broken;
            default:
                throw new IllegalArgumentException("AttributeError: 'Barrier' object has no attribute '" + name + "'");
        }
    }

    /** Python's {@code wait(timeout)}: the arrival index, 0 to parties - 1. */
    private int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException {
        if (broken) {
            throw new BrokenBarrierException();
        }
        int index = waiting++;
        long round = generation;
        if (waiting == parties) {
            waiting = 0;
            generation++;
            notifyAll();
            return index;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (generation == round && !broken) {
                if (timeoutNanos < 0) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        breakRound();
                        leave(round);
                        throw new BrokenBarrierException();
                    }
                    wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            breakRound();
            leave(round);
            throw e;
        }
        if (generation == round || round == resetRound) {
            leave(round);
            throw new BrokenBarrierException();
        }
        return index;
    }

    /** A party leaves a broken round: Python's {@code n_waiting} counts only those still in it (a reset emptied it already). */
    private void leave(long round) {
        if (generation == round) {
            waiting--;
        }
    }

    private void breakRound() {
        broken = true;
        notifyAll();
    }

    @Override
    public synchronized Object value() {
        return repr();
    }

    @Override
    public synchronized String repr() {
        return "<threading.Barrier at 0x" + Integer.toHexString(System.identityHashCode(this)) + ": "
                + (broken ? "broken" : "waiters=" + waiting + "/" + parties) + ">";
    }

}
