package org.multiprocessing4j.managers;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/**
 * The proxy of a managed {@code Barrier}: Python's {@code BarrierProxy} — {@code wait},
 * {@code abort}, {@code reset}, {@code parties}, {@code n_waiting}, {@code broken} — with the
 * names of this library's {@link org.multiprocessing4j.sync.Barrier}. Python's
 * BrokenBarrierError is {@link BrokenBarrierException}; a party whose process dies while it
 * waits breaks the round.
 */
public final class BarrierProxy extends BaseProxy {
    private static final long serialVersionUID = 1L;

    BarrierProxy(AutoProxy core) {
        super(core);
    }

    /** Python's {@code wait()}: the arrival index, 0 to parties - 1. */
    public int await() throws BrokenBarrierException {
        return await(null);
    }

    /** Python's {@code wait(timeout)}; a time-out breaks the barrier, as in Python. */
    public int await(Duration timeout) throws BrokenBarrierException {
        try {
            return ((Number) invoke("wait", timeout == null ? null : timeout.toNanos() / 1e9)).intValue();
        } catch (BrokenBarrierException e) {
            throw e;
        } catch (Exception e) {
            throw Unchecked.of(e);
        }
    }

    /** Python's {@code abort()}. */
    public void abort() {
        call("abort");
    }

    /** Python's {@code reset()}. */
    public void reset() {
        call("reset");
    }

    /** Python's {@code parties}. */
    public int getParties() {
        return ((Number) call("__getattribute__", "parties")).intValue();
    }

    /** Python's {@code n_waiting}. */
    public int getNumberWaiting() {
        return ((Number) call("__getattribute__", "n_waiting")).intValue();
    }

    /** Python's {@code broken}. */
    public boolean isBroken() {
        return (Boolean) call("__getattribute__", "broken");
    }
}
