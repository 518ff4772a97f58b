package org.multiprocessing4j.internal.memory;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.platform.ProcessIds;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Atomic words in shared memory, and waiting on a word through the platform (a shared futex on
 * Linux). Waits are cut into slices so that an interrupt and a dead holder are noticed.
 *
 * <p>Every access to a word goes through the static methods here, which take the mapped buffer
 * and a byte offset and refuse a word outside the buffer or misaligned. They use
 * {@link UnsafeWords} where this JVM allows it without a warning, else {@link HandleWords}
 * ({@code VarHandle}s). Both are the same atomic instructions on the same memory, so processes
 * that use either share words. Unsafe comes first because a fresh JVM runs it several times
 * faster before the JIT has compiled the code, which is when a child's first locks run: a
 * {@code VarHandle} access interprets a chain of method handles, and its compiled form is a
 * large compilation that competes with the program on a small machine (50,000 lock round trips
 * in a fresh JVM: 25–33 ms through a {@code VarHandle}, 6–9 ms through Unsafe).
 *
 * <p>Public for the library's other packages that keep words in shared memory (the queues'
 * ring); not an API for applications.
 */
public final class Words {
    /** Whether words go through {@link UnsafeWords} in this JVM, else {@link HandleWords}. */
    private static final boolean UNSAFE = UnsafeWords.AVAILABLE;
    /** The longest single sleep: the latency of an interrupt, and the period of dead-holder checks. */
    public static final long SLICE_NANOS = 50_000_000L;
    /** This process's id as the lock words hold it. */
    public static final int PID = (int) ProcessIds.current();

    private Words() {
    }

    /** The {@code int} at {@code offset}, read with volatile semantics. */
    public static int getIntVolatile(ByteBuffer memory, int offset) {
        if (UNSAFE) {
            return UnsafeWords.getIntVolatile(memory, offset);
        }
        return HandleWords.getIntVolatile(memory, offset);
    }

    /** Writes the {@code int} at {@code offset} with volatile semantics. */
    public static void setIntVolatile(ByteBuffer memory, int offset, int value) {
        if (UNSAFE) {
            UnsafeWords.setIntVolatile(memory, offset, value);
        } else {
            HandleWords.setIntVolatile(memory, offset, value);
        }
    }

    /** Sets the {@code int} at {@code offset} to {@code value} if it holds {@code expected}. */
    public static boolean compareAndSetInt(ByteBuffer memory, int offset, int expected, int value) {
        if (UNSAFE) {
            return UnsafeWords.compareAndSetInt(memory, offset, expected, value);
        }
        return HandleWords.compareAndSetInt(memory, offset, expected, value);
    }

    /** Sets the {@code int} at {@code offset} to {@code value}, answering what it held. */
    public static int getAndSetInt(ByteBuffer memory, int offset, int value) {
        if (UNSAFE) {
            return UnsafeWords.getAndSetInt(memory, offset, value);
        }
        return HandleWords.getAndSetInt(memory, offset, value);
    }

    /** Adds {@code delta} to the {@code int} at {@code offset}, answering what it held. */
    public static int getAndAddInt(ByteBuffer memory, int offset, int delta) {
        if (UNSAFE) {
            return UnsafeWords.getAndAddInt(memory, offset, delta);
        }
        return HandleWords.getAndAddInt(memory, offset, delta);
    }

    /** The {@code long} at {@code offset}, read with volatile semantics. */
    public static long getLongVolatile(ByteBuffer memory, int offset) {
        if (UNSAFE) {
            return UnsafeWords.getLongVolatile(memory, offset);
        }
        return HandleWords.getLongVolatile(memory, offset);
    }

    /** Writes the {@code long} at {@code offset} with volatile semantics. */
    public static void setLongVolatile(ByteBuffer memory, int offset, long value) {
        if (UNSAFE) {
            UnsafeWords.setLongVolatile(memory, offset, value);
        } else {
            HandleWords.setLongVolatile(memory, offset, value);
        }
    }

    /**
     * Writes the {@code long} at {@code offset} with release semantics: no earlier write moves
     * after it, and it costs no fence on x86 (for words written on every acquire).
     */
    public static void setLongRelease(ByteBuffer memory, int offset, long value) {
        if (UNSAFE) {
            UnsafeWords.setLongRelease(memory, offset, value);
        } else {
            HandleWords.setLongRelease(memory, offset, value);
        }
    }

    /** Sets the {@code long} at {@code offset} to {@code value} if it holds {@code expected}. */
    public static boolean compareAndSetLong(ByteBuffer memory, int offset, long expected, long value) {
        if (UNSAFE) {
            return UnsafeWords.compareAndSetLong(memory, offset, expected, value);
        }
        return HandleWords.compareAndSetLong(memory, offset, expected, value);
    }

    /** Adds {@code delta} to the {@code long} at {@code offset}, answering what it held. */
    public static long getAndAddLong(ByteBuffer memory, int offset, long delta) {
        if (UNSAFE) {
            return UnsafeWords.getAndAddLong(memory, offset, delta);
        }
        return HandleWords.getAndAddLong(memory, offset, delta);
    }

    /** Whether words go through Unsafe in this JVM (else through {@code VarHandle}s). */
    public static boolean usesUnsafe() {
        return UNSAFE;
    }

    /**
     * This process's start time ({@link Processes#startTime}): kept beside {@link #PID} in
     * shared memory, it tells this process from a later one that gets the same pid.
     */
    public static long startTime() {
        return StartTime.VALUE;
    }

    /**
     * Whether the process recorded as {@code pid} and {@code startTime} still runs. This
     * process answers for itself without a system call.
     */
    public static boolean runs(int pid, long startTime) {
        if (pid == PID) {
            return startTime == startTime();
        }
        return Platform.processes().isRunning(pid, startTime);
    }

    /**
     * Runs each access the locks make on a word, once, on a word of its own, and reads this
     * process's {@link #identity()}, which a lock's holder records: the first use of an access
     * links its code (method handles, when words go through {@code VarHandle}s) and the identity
     * is read from the system, milliseconds in a fresh JVM that a spare pays instead of its
     * child's first lock.
     */
    public static void warmUp() {
        ByteBuffer word = ByteBuffer.allocateDirect(2 * Long.BYTES).order(ByteOrder.nativeOrder());
        compareAndSetInt(word, 0, 0, PID);
        getAndSetInt(word, 0, getIntVolatile(word, 0));
        getAndAddInt(word, 0, 0);
        setIntVolatile(word, 0, 0);
        compareAndSetLong(word, 0, 0L, getLongVolatile(word, 0));
        getAndAddLong(word, 0, 0L);
        setLongVolatile(word, 0, 0L);
        setLongRelease(word, Long.BYTES, identity());
    }

    /**
     * Takes and frees a word of its own up to {@code rounds} times as a lock does
     * (compare-and-set, the holder's identity written, volatile read, identity cleared,
     * get-and-set), so that the JIT compiles the code behind those accesses, which every lock,
     * semaphore and queue of a child runs through: a fresh JVM interprets it until it is
     * compiled. Stops early once {@code stop} answers true (looked at every 64 rounds).
     */
    public static void exercise(int rounds, BooleanSupplier stop) {
        ByteBuffer word = ByteBuffer.allocateDirect(2 * Long.BYTES).order(ByteOrder.nativeOrder());
        long identity = identity();
        for (int i = 0; i < rounds; i++) {
            if ((i & 63) == 0 && stop.getAsBoolean()) {
                return;
            }
            if (compareAndSetInt(word, 0, 0, PID)) {
                setLongRelease(word, Long.BYTES, identity);
                if (getIntVolatile(word, 0) == PID) {
                    setLongRelease(word, Long.BYTES, 0);
                    getAndSetInt(word, 0, 0);
                }
            }
        }
    }

    /**
     * This process as one word: its pid in the high half, the low half of its start time in the
     * low half; 0 where the start time is unknown. Kept beside a pid in shared memory, it tells
     * this process from a later one that gets the same pid ({@link #runsAsRecorded}).
     */
    public static long identity() {
        return StartTime.IDENTITY;
    }

    /**
     * Whether the process an {@link #identity()} names still runs: its pid runs and started when
     * it says (the low 32 bits of the start time: two processes with the same pid would have to
     * start 497 days apart to be confused on Linux, whose start times count 100 ticks a second,
     * 49.7 days to the millisecond elsewhere). Where that process's start time cannot be read,
     * whether its pid runs.
     */
    private static boolean identityRuns(long identity) {
        int pid = (int) (identity >>> 32);
        long start = pid == PID ? startTime() : Platform.processes().startTime(pid);
        if (start == 0) {
            return Platform.processes().isRunning(pid);
        }
        return (int) start == (int) identity && runs(pid, start);
    }

    /**
     * Whether the process recorded in a word as {@code pid}, with {@code identity} written beside
     * it, still runs: by the identity when it is that pid's, else by the pid alone (an identity
     * of another pid is a dead process's, not yet overwritten by the one that took its place;
     * 0 is none yet).
     */
    public static boolean runsAsRecorded(int pid, long identity) {
        return (int) (identity >>> 32) == pid ? identityRuns(identity) : Platform.processes().isRunning(pid);
    }

    /** Read once, when first needed: most processes never record it. */
    private static final class StartTime {
        static final long VALUE = Platform.processes().startTime(PID);
        static final long IDENTITY = VALUE == 0 ? 0 : ((long) PID << 32) | (VALUE & 0xffff_ffffL);
    }

    /** A wait's time-out in nanoseconds: -1 for none (null), else at least 0. */
    public static long nanos(Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return -1;
        }
    }

    /** Where a wait with {@code timeoutNanos} (-1: for ever) ends, in {@link System#nanoTime()}. */
    public static long deadline(long timeoutNanos) {
        return timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
    }

    /** How long the next slice of a wait is, or 0 once the deadline has passed. */
    public static long slice(long timeoutNanos, long deadline) {
        if (timeoutNanos < 0) {
            return SLICE_NANOS;
        }
        long left = deadline - System.nanoTime();
        return left <= 0 ? 0 : Math.min(left, SLICE_NANOS);
    }

    /**
     * Sleeps one slice on the word at {@code offset} while it holds {@code expected}, then
     * answers an interrupt: thrown when {@code interruptible}, else remembered in
     * {@code interrupted[0]} for the caller to restore.
     */
    public static void await(ByteBuffer memory, int offset, int expected, long slice, boolean interruptible,
                      boolean[] interrupted) throws InterruptedException {
        if (Thread.interrupted()) {
            onInterrupt(interruptible, interrupted);
        }
        Platform.segments().awaitWord(memory, offset, expected, slice);
        if (Thread.interrupted()) {
            onInterrupt(interruptible, interrupted);
        }
    }

    /**
     * {@link #await} counted in the sleepers word at {@code sleepers}, which tells wakers
     * whether a system call is needed (interruptible).
     */
    public static void awaitCounted(ByteBuffer memory, int offset, int expected, int sleepers, long slice)
            throws InterruptedException {
        getAndAddInt(memory, sleepers, 1);
        try {
            await(memory, offset, expected, slice, true, new boolean[1]);
        } finally {
            getAndAddInt(memory, sleepers, -1);
        }
    }

    /**
     * Waits, at most {@code timeoutNanos} (-1: for ever), until {@code done} says so, sleeping
     * on the word at {@code offset} while it holds {@code expected} (interruptible).
     *
     * @return false on time-out
     */
    public static boolean awaitUntil(java.util.function.BooleanSupplier done, ByteBuffer memory, int offset, int expected,
                              int sleepers, long timeoutNanos) throws InterruptedException {
        long deadline = deadline(timeoutNanos);
        while (!done.getAsBoolean()) {
            long slice = slice(timeoutNanos, deadline);
            if (slice == 0) {
                return false;
            }
            awaitCounted(memory, offset, expected, sleepers, slice);
        }
        return true;
    }

    /** Wakes {@code count} sleepers of the word at {@code offset} if the sleepers word counts any. */
    public static void wakeCounted(ByteBuffer memory, int offset, int sleepers, int count) {
        if (getIntVolatile(memory, sleepers) > 0) {
            Platform.segments().wakeWord(memory, offset, count);
        }
    }

    private static void onInterrupt(boolean interruptible, boolean[] interrupted) throws InterruptedException {
        if (interruptible) {
            throw new InterruptedException();
        }
        interrupted[0] = true;
    }

    /** Sets the interrupt status again after an uninterruptible wait that swallowed it. */
    public static void restore(boolean[] interrupted) {
        if (interrupted[0]) {
            Thread.currentThread().interrupt();
        }
    }
}
