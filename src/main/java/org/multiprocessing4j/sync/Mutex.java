package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.platform.Platform;

import java.nio.ByteBuffer;

/**
 * The word of a {@link Lock} or {@link RLock} at offset 0 of its segment: 0 when free, else the
 * holder's pid, with {@link #WAITERS} set once someone may sleep on it (so that an uncontended
 * release makes no system call). A waiter that finds the holder's process gone takes the lock
 * over and logs a warning naming the pid. Every use first checks that the lock is not closed.
 *
 * <p>The holder also writes its {@link Words#identity()} (pid and start time) at
 * {@link #HOLDER} once it has the word, and clears it before it frees the word, so that a
 * holder that died is known dead even once a new process has its pid. A waiter trusts that
 * identity only when its pid is the word's: one that names another process is a dead holder's
 * not yet overwritten by the process that recovered the lock, and then the pid alone answers.
 */
final class Mutex {
    private static final LazyLogger LOG = Log.of("sync");
    static final int WAITERS = 0x8000_0000;
    private static final int WORD = 0;
    /** The holder's identity; {@link RLock} keeps its owner and count at 8 and 16. */
    static final int HOLDER = 24;
    private static final int SPINS = 200;

    private final Segment segment;
    private final ByteBuffer memory;
    private final String kind;

    Mutex(Segment segment, String kind) {
        this.segment = segment;
        this.memory = segment.buffer();
        this.kind = kind;
    }

    /** The lock's memory, for its other words and its serialized form. */
    Segment segment() {
        return segment;
    }

    ByteBuffer buffer() {
        return memory;
    }

    /** Ends this process's use of the lock (idempotent). */
    void close() {
        segment.close();
    }

    boolean isClosed() {
        return segment.isClosed();
    }

    /** The pid of the holding process, 0 when free. */
    int holder() {
        segment.requireOpen(kind);
        return Words.getIntVolatile(memory, WORD) & ~WAITERS;
    }

    boolean tryAcquire() {
        segment.requireOpen(kind);
        return Words.compareAndSetInt(memory, WORD, 0, Words.PID) && claimed();
    }

    /** Records this process as the holder's identity; true, for the acquiring paths' answers. */
    private boolean claimed() {
        Words.setLongRelease(memory, HOLDER, Words.identity());
        return true;
    }

    /**
     * Acquires the word for this process.
     *
     * @param timeoutNanos -1 for no time-out
     * @return false on time-out
     * @throws InterruptedException only when {@code interruptible}; otherwise the interrupt
     *                              status is kept for the caller
     */
    boolean acquire(long timeoutNanos, boolean interruptible) throws InterruptedException {
        if (tryAcquire() || spin(Words.PID)) {
            return true;
        }
        long deadline = Words.deadline(timeoutNanos);
        long nextCheck = System.nanoTime() + Words.SLICE_NANOS;
        boolean[] interrupted = {false};
        try {
            while (true) {
                int seen = Words.getIntVolatile(memory, WORD);
                if (seen == 0) {
                    // Others may be asleep: keep the flag so that our release wakes them.
                    if (Words.compareAndSetInt(memory, WORD, 0, Words.PID | WAITERS)) {
                        return claimed();
                    }
                    continue;
                }
                if ((seen & WAITERS) == 0) {
                    if (!Words.compareAndSetInt(memory, WORD, seen, seen | WAITERS)) {
                        continue;
                    }
                    seen |= WAITERS;
                }
                if (System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + Words.SLICE_NANOS;
                    if (recoverFrom(seen)) {
                        return true;
                    }
                }
                long slice = Words.slice(timeoutNanos, deadline);
                if (slice == 0) {
                    return false;
                }
                Words.await(memory, WORD, seen, slice, interruptible, interrupted);
                // Woken, and on a core: a holder that releases and takes the lock back in a loop
                // would otherwise put this waiter back to sleep each time, and pay a wake-up
                // system call at each of its releases. Others may sleep, so the flag stays.
                if (spin(Words.PID | WAITERS)) {
                    return true;
                }
            }
        } finally {
            Words.restore(interrupted);
        }
    }

    /**
     * Tries a little longer before sleeping: a lock is mostly held for a short while, and a
     * wake-up through the kernel costs far more than a short wait on a free core.
     */
    private boolean spin(int taken) {
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (Words.getIntVolatile(memory, WORD) == 0 && Words.compareAndSetInt(memory, WORD, 0, taken)) {
                return claimed();
            }
        }
        return false;
    }

    /** Takes the lock over, without waiting, if the process holding it has ended. */
    boolean tryRecover() {
        segment.requireOpen(kind);
        int seen = Words.getIntVolatile(memory, WORD);
        return seen != 0 && recoverFrom(seen);
    }

    /** Takes the lock over if its holder in {@code seen} is a process that has ended. */
    private boolean recoverFrom(int seen) {
        int holder = seen & ~WAITERS;
        if (holder == Words.PID || Words.runsAsRecorded(holder, Words.getLongVolatile(memory, HOLDER))) {
            return false;
        }
        if (!Words.compareAndSetInt(memory, WORD, seen, Words.PID | WAITERS)) {
            return false;
        }
        claimed();
        LOG.warn("{}: process {} died holding it; process {} recovered the lock",
                kind, holder, Words.PID);
        return true;
    }

    /**
     * Frees the word and wakes one sleeper if any.
     *
     * @throws IllegalMonitorStateException if it was free
     */
    void release() {
        segment.requireOpen(kind);
        Words.setLongRelease(memory, HOLDER, 0);
        int previous = Words.getAndSetInt(memory, WORD, 0);
        if (previous == 0) {
            throw new IllegalMonitorStateException("semaphore or lock released too many times");
        }
        if ((previous & WAITERS) != 0) {
            Platform.segments().wakeWord(memory, WORD, 1);
        }
    }
}
