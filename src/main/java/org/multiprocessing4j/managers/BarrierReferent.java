package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;

/**
 * A managed {@code Barrier} in the manager's process: Python's {@code threading.Barrier(parties,
 * action=None, timeout=None)} ({@link BarrierCalls}); a party whose client goes away breaks the
 * round, as a Python thread's exception would.
 */
final class BarrierReferent extends BarrierCalls {
    private final int parties;
    private final long defaultTimeout;
    private int waiting;
    private long generation;
    private boolean broken;
    /** The round a reset broke for the parties waiting in it. */
    private long resetRound = -1;

    private BarrierReferent(int parties, long defaultTimeout) {
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
    long defaultTimeout() {
        return defaultTimeout;
    }

    @Override
    synchronized void abort() {
        broken = true;
        notifyAll();
    }

    @Override
    synchronized void reset() {
        if (waiting > 0) {
            resetRound = generation;
        }
        generation++;
        waiting = 0;
        broken = false;
        notifyAll();
    }

    @Override
    int parties() {
        return parties;
    }

    @Override
    synchronized int waiting() {
        return waiting;
    }

    @Override
    synchronized boolean broken() {
        return broken;
    }

    @Override
    synchronized int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException {
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
