package org.multiprocessing4j.sync;

import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;

/**
 * A barrier for a fixed number of parties, in any processes: CPython's
 * {@code multiprocessing.Barrier} (the algorithm of {@code threading.Barrier} over a shared
 * {@link Condition} and shared state). Python's {@code wait} is {@link #await()} here. Unlike
 * CPython, and as {@link java.util.concurrent.CyclicBarrier}, an interrupted wait breaks the
 * barrier. Handed to children by inheritance only.
 *
 * <p>It survives the death of any party. Each party inside {@link #await} holds a place in
 * shared memory (its pid and start time), and a waiting party looks every 0.1 s whether the
 * process holding another place ended: one that died waiting breaks the barrier (the others
 * get {@link BrokenBarrierException}, as for an interrupted party); one that died on its way
 * out after a release gives its place back, so that the next round can start. Either is logged
 * once as a warning naming the pid. {@link #reset()} frees the places of dead parties too. A
 * time-out holds for the whole of {@link #await(Duration)}, the wait for the barrier's lock
 * included (the lock is held while the action runs).
 *
 * <p>Its memory (a place per party, its condition's table, its lock) is in arena blocks while
 * it has at most 2047 parties, as a {@link Lock}'s is.
 */
public final class Barrier implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final LazyLogger LOG = Log.of("sync");
    private static final int FILLING = 0;
    private static final int DRAINING = 1;
    private static final int RESETTING = -1;
    private static final int BROKEN = -2;
    private static final int STATE = 0;
    private static final int COUNT = 4;
    /** The places, one per party inside {@link #await}: its pid (int, 0 when free) and start time (long). */
    private static final int PLACES = 16;
    private static final int PLACE = 16;
    private static final int START = 8;
    private static final int MAX_PARTIES = (Integer.MAX_VALUE - PLACES) / PLACE;
    /** How often a waiting party looks whether another one died. */
    private static final long CHECK_NANOS = 100_000_000L;

    private final int parties;
    private final Target action;
    private final Duration timeout;
    private final Condition condition = new Condition(new Lock());
    private final Segment memory;
    private transient ByteBuffer buffer;

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
        if (parties < 1 || parties > MAX_PARTIES) {
            throw new IllegalArgumentException("parties must be from 1 to " + MAX_PARTIES + ", not " + parties);
        }
        this.parties = parties;
        this.action = action;
        this.timeout = timeout;
        this.memory = Segment.small(PLACES + (long) PLACE * parties);
        this.buffer = memory.buffer();
    }

    private int get(int offset) {
        memory.requireOpen("Barrier");
        return Words.getIntVolatile(buffer, offset);
    }

    private void put(int offset, int value) {
        Words.setIntVolatile(buffer, offset, value);
    }

    private SharedLock lock() {
        memory.requireOpen("Barrier");
        return (SharedLock) condition.getLock();
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
     *                                waiting, a waiting party dies, or the time-out passes
     *                                (which breaks it, unless this party had not joined a round
     *                                yet: while it waited for the lock or for a round to drain)
     * @throws InterruptedException   if interrupted (which breaks it, with the same exception)
     */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
        long timeoutNanos = Words.nanos(timeout);
        long deadline = Words.deadline(timeoutNanos);
        if (!lock().acquireNanos(timeoutNanos, true)) {
            throw new BrokenBarrierException("timed out");
        }
        try {
            enter(timeoutNanos, deadline);
            int index = get(COUNT);
            int place = takePlace(index);
            put(COUNT, index + 1);
            try {
                if (index + 1 == parties) {
                    release();
                } else {
                    waitForRelease(place, timeoutNanos, deadline);
                }
                return index;
            } finally {
                // The count first: a death between the two leaves a place, which recovery frees.
                put(COUNT, get(COUNT) - 1);
                setPlace(place, 0, 0);
                exit();
            }
        } finally {
            lock().unlock();
        }
    }

    /** Blocks while the barrier drains or resets; a time-out or interrupt here breaks nothing. */
    private void enter(long timeoutNanos, long deadline) throws InterruptedException, BrokenBarrierException {
        int cursor = -1;
        while (get(STATE) == DRAINING || get(STATE) == RESETTING) {
            if (!waitSlice(timeoutNanos, deadline)) {
                throw new BrokenBarrierException("timed out");
            }
            if (get(STATE) == DRAINING || get(STATE) == RESETTING) {
                cursor = checkPlaceAfter(cursor, -1);
            }
        }
        if (get(STATE) < 0) {
            throw new BrokenBarrierException();
        }
    }

    /**
     * Waits on the condition for one slice at most, so that the dead are looked for.
     *
     * @return false, without waiting, if the deadline has passed
     */
    private boolean waitSlice(long timeoutNanos, long deadline) throws InterruptedException {
        long slice = timeoutNanos < 0 ? CHECK_NANOS : Math.min(CHECK_NANOS, deadline - System.nanoTime());
        if (slice <= 0) {
            return false;
        }
        condition.await(slice, TimeUnit.NANOSECONDS);
        return true;
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

    private void waitForRelease(int place, long timeoutNanos, long deadline)
            throws InterruptedException, BrokenBarrierException {
        while (get(STATE) == FILLING) {
            boolean inTime;
            try {
                inTime = waitSlice(timeoutNanos, deadline);
            } catch (InterruptedException e) {
                breakBarrier();
                throw e;
            }
            if (!inTime) {
                breakBarrier();
                throw new BrokenBarrierException("timed out");
            }
            if (get(STATE) == FILLING) {
                // Each waiting party looks after the next place taken, so that all are looked at.
                checkPlaceAfter(place, place);
            }
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

    private int placePid(int place) {
        return get(PLACES + place * PLACE);
    }

    private boolean placeHolderRuns(int place, int pid) {
        return Words.runs(pid, Words.getLongVolatile(buffer, PLACES + place * PLACE + START));
    }

    private void setPlace(int place, int pid, long startTime) {
        Words.setLongVolatile(buffer, PLACES + place * PLACE + START, startTime);
        put(PLACES + place * PLACE, pid);
    }

    /** Takes a free place for this party, looking from {@code hint} on; the lock is held. */
    private int takePlace(int hint) {
        for (int pass = 0; pass < 2; pass++) {
            for (int step = 0; step < parties; step++) {
                int place = (hint + step) % parties;
                if (placePid(place) == 0) {
                    setPlace(place, Words.PID, Words.startTime());
                    return place;
                }
            }
            // Only parties that died after they took a place and before they counted can
            // hold every place while the count says there is room.
            recoverAll();
        }
        throw new IllegalStateException("no free place in " + this);
    }

    /**
     * Looks whether the process holding the next place taken after {@code from} (other than
     * {@code mine}) ended, and recovers the place if it did; the lock is held.
     *
     * @return the place looked at, or {@code from} if no other is taken
     */
    private int checkPlaceAfter(int from, int mine) {
        for (int step = 1; step <= parties; step++) {
            int place = Math.floorMod(from + step, parties);
            int pid = placePid(place);
            if (place != mine && pid != 0) {
                if (!placeHolderRuns(place, pid)) {
                    recover(place, pid);
                }
                return place;
            }
        }
        return from;
    }

    /** Recovers the place of every party whose process ended; the lock is held. */
    private void recoverAll() {
        for (int place = 0; place < parties; place++) {
            int pid = placePid(place);
            if (pid != 0 && !placeHolderRuns(place, pid)) {
                recover(place, pid);
            }
        }
    }

    /**
     * Frees the place of a party whose process ended, the lock held (so that it is logged
     * once). A party that died waiting breaks the barrier, as an interrupted one would; one that
     * died on its way out only gives its place back, which may let the next round start.
     */
    private void recover(int place, int pid) {
        setPlace(place, 0, 0);
        int taken = 0;
        for (int p = 0; p < parties; p++) {
            taken += placePid(p) != 0 ? 1 : 0;
        }
        put(COUNT, taken); // it may have died between taking its place and counting itself
        if (get(STATE) == FILLING) {
            LOG.warn("Barrier: process {} died waiting at it; the barrier is broken", pid);
            breakBarrier();
        } else {
            LOG.warn("Barrier: process {} died inside it; its place is recovered", pid);
            exit();
        }
    }

    /**
     * Puts it back to its initial state; parties waiting now get {@link BrokenBarrierException}.
     */
    public void reset() {
        lock().lock();
        try {
            recoverAll(); // dead parties would keep it resetting for ever
            if (get(COUNT) > 0) {
                if (get(STATE) == FILLING || get(STATE) == BROKEN) {
                    put(STATE, RESETTING);
                }
            } else {
                put(STATE, FILLING);
            }
            condition.signalAll();
        } finally {
            lock().unlock();
        }
    }

    /** Breaks it: every waiting and future {@link #await()} gets {@link BrokenBarrierException} until {@link #reset()}. */
    public void abort() {
        lock().lock();
        try {
            breakBarrier();
        } finally {
            lock().unlock();
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
        if (memory.isClosed()) {
            return "<Barrier(closed)>";
        }
        return "<Barrier(parties=" + parties + ", waiting=" + getNumberWaiting() + (isBroken() ? ", broken" : "") + ")>";
    }

    /**
     * Ends this process's use of it and of its condition and lock at once, as
     * {@link Lock#close()} does. Idempotent; any later use in this process throws
     * {@link IllegalStateException}. No CPython counterpart.
     */
    @Override
    public void close() {
        memory.close();
        condition.close();
        ((SharedLock) condition.getLock()).close();
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        Inheritance.requireCollecting("Barrier");
        if (memory.isClosed()) {
            throw new InvalidObjectException("Barrier is closed");
        }
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        buffer = memory.buffer();
    }
}
