package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/**
 * A barrier for a fixed number of parties, in any processes: CPython's
 * {@code multiprocessing.Barrier} (the algorithm of {@code threading.Barrier} over a shared
 * {@link Condition} and shared state). Python's {@code wait} is {@link #await()} here. Unlike
 * CPython, and as {@link java.util.concurrent.CyclicBarrier}, an interrupted wait breaks the
 * barrier. Handed to children by inheritance only.
 */
public final class Barrier implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int FILLING = 0;
    private static final int DRAINING = 1;
    private static final int RESETTING = -1;
    private static final int BROKEN = -2;
    private static final int STATE = 0;
    private static final int COUNT = 4;

    private final int parties;
    private final Target action;
    private final Duration timeout;
    private final Condition condition = new Condition(new Lock());
    private final Segment memory = Handed.newSegment();
    private transient ByteBuffer buffer = memory.buffer();

    /** A barrier for {@code parties} parties, without action or default time-out. */
    public Barrier(int parties) {
        this(parties, null, null);
    }

    /**
     * A barrier for {@code parties} parties.
     *
     * @param action  run by one of the parties (in its process) when all have arrived, before
     *                any is released; null for none
     * @param timeout the default time-out of {@link #await()}; null for none
     */
    public Barrier(int parties, Target action, Duration timeout) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, not " + parties);
        }
        this.parties = parties;
        this.action = action;
        this.timeout = timeout;
    }

    private int get(int offset) {
        return (int) Words.INT.getVolatile(buffer, offset);
    }

    private void put(int offset, int value) {
        Words.INT.setVolatile(buffer, offset, value);
    }

    /** Waits with the default time-out; see {@link #await(Duration)}. */
    public int await() throws InterruptedException, BrokenBarrierException {
        return await(timeout);
    }

    /**
     * Waits until all parties have called it, at most {@code timeout} (null: for ever).
     *
     * @return this party's arrival index, 0 to {@code parties - 1}
     * @throws BrokenBarrierException if the barrier is or becomes broken, aborted, reset while
     *                                waiting, or the time-out passes (which breaks it)
     * @throws InterruptedException   if interrupted (which breaks it)
     */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
        java.util.concurrent.locks.Lock lock = condition.getLock();
        lock.lock();
        try {
            enter();
            int index = get(COUNT);
            put(COUNT, index + 1);
            try {
                if (index + 1 == parties) {
                    release();
                } else {
                    waitForRelease(timeout);
                }
                return index;
            } finally {
                put(COUNT, get(COUNT) - 1);
                exit();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while the barrier drains or resets. */
    private void enter() throws InterruptedException, BrokenBarrierException {
        while (get(STATE) == DRAINING || get(STATE) == RESETTING) {
            condition.wait(null);
        }
        if (get(STATE) < 0) {
            throw new BrokenBarrierException();
        }
    }

    private void release() throws BrokenBarrierException {
        try {
            if (action != null) {
                action.run();
            }
            put(STATE, DRAINING);
            condition.signalAll();
        } catch (RuntimeException | Error e) {
            breakBarrier();
            throw e;
        } catch (Exception e) {
            breakBarrier();
            BrokenBarrierException broken = new BrokenBarrierException("the barrier's action failed: " + e);
            broken.initCause(e);
            throw broken;
        }
    }

    private void waitForRelease(Duration timeout) throws InterruptedException, BrokenBarrierException {
        boolean released;
        try {
            released = condition.waitFor(() -> get(STATE) != FILLING, timeout);
        } catch (InterruptedException e) {
            breakBarrier();
            throw e;
        }
        if (!released) {
            breakBarrier();
            throw new BrokenBarrierException("timed out");
        }
        if (get(STATE) < 0) {
            throw new BrokenBarrierException();
        }
    }

    /** The last party out lets waiting arrivals of the next round in. */
    private void exit() {
        if (get(COUNT) == 0 && (get(STATE) == RESETTING || get(STATE) == DRAINING)) {
            put(STATE, FILLING);
            condition.signalAll();
        }
    }

    /**
     * Puts it back to its initial state; parties waiting now get {@link BrokenBarrierException}.
     */
    public void reset() {
        java.util.concurrent.locks.Lock lock = condition.getLock();
        lock.lock();
        try {
            if (get(COUNT) > 0) {
                if (get(STATE) == FILLING || get(STATE) == BROKEN) {
                    put(STATE, RESETTING);
                }
            } else {
                put(STATE, FILLING);
            }
            condition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Breaks it: every waiting and future {@link #await()} gets {@link BrokenBarrierException} until {@link #reset()}. */
    public void abort() {
        java.util.concurrent.locks.Lock lock = condition.getLock();
        lock.lock();
        try {
            breakBarrier();
        } finally {
            lock.unlock();
        }
    }

    private void breakBarrier() {
        put(STATE, BROKEN);
        condition.signalAll();
    }

    /** The number of parties. */
    public int getParties() {
        return parties;
    }

    /** How many parties wait now (CPython's {@code n_waiting}). */
    public int getNumberWaiting() {
        return get(STATE) == FILLING ? get(COUNT) : 0;
    }

    /** Whether it is broken. */
    public boolean isBroken() {
        return get(STATE) == BROKEN;
    }

    @Override
    public String toString() {
        return "<Barrier(parties=" + parties + ", waiting=" + getNumberWaiting() + (isBroken() ? ", broken" : "") + ")>";
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        Inheritance.requireCollecting("Barrier");
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        buffer = memory.buffer();
    }
}
