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
 */
final class Mutex {
    private static final LazyLogger LOG = Log.of("sync");
    static final int WAITERS = 0x8000_0000;
    private static final int WORD = 0;
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
        return Words.compareAndSetInt(memory, WORD, 0, Words.PID);
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
                        return true;
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
                return true;
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
        if (holder == Words.PID || Platform.processes().isRunning(holder)) {
            return false;
        }
        if (!Words.compareAndSetInt(memory, WORD, seen, Words.PID | WAITERS)) {
            return false;
        }
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
        int previous = Words.getAndSetInt(memory, WORD, 0);
        if (previous == 0) {
            throw new IllegalMonitorStateException("semaphore or lock released too many times");
        }
        if ((previous & WAITERS) != 0) {
            Platform.segments().wakeWord(memory, WORD, 1);
        }
    }
}
