package org.multiprocessing4j.sync;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The waiters of a {@link Condition}: a table in shared memory with a slot for each thread, of
 * any process, that waits on it. A slot's word holds its owner's pid and state, and is the word
 * the owner sleeps on; beside it are the owner's start time (so that a later process given the
 * same pid is not taken for it), its ticket (the order of arrival) and, once it is notified, the
 * notify's bound (the tickets handed out by then: the waiters that were waiting).
 *
 * <p>A notify marks the slots it wakes and returns: it never waits for a waiter, so a waiter's
 * death cannot block it. The state changes, and why nothing is lost:
 * <ul>
 * <li>free → claimed → waiting: a thread registering, with the lock held;</li>
 * <li>waiting → notified: a notify, with the lock held, only for tickets below its bound;</li>
 * <li>waiting → free: the waiter leaving on time-out or interrupt, by compare-and-set, so that
 * it either leaves before a notify chose it (which then chooses another) or takes the wake-up;</li>
 * <li>notified → free: the waiter, only once it holds the lock again; until then the wake-up
 * stays in its slot, so that if the waiter dies (asleep, woken, or waiting for the lock) the
 * next waiter that looks ({@link #passOnLost}) gives it to the waiter that waited longest among
 * those the notify was meant for;</li>
 * <li>any → free: a slot whose process ended, with the lock held, logged once.</li>
 * </ul>
 * A waiter that died waiting keeps its slot until a notify marks it (its wake-up is then passed
 * on) or the table is full (it is then reclaimed).
 */
final class Waiters {
    private static final LazyLogger LOG = Log.of("sync");
    /** Tickets handed out (long), the next waiter's rank of arrival. */
    private static final int TICKETS = 0;
    /** Slots ever used (int): the part of the table that is looked through. */
    private static final int USED = 8;
    private static final int TABLE = 64;
    private static final int SLOT = 32;
    /** In a slot: pid << 2 | state (int), 0 when free. */
    private static final int WORD = 0;
    private static final int TICKET = 8;
    private static final int START = 16;
    private static final int BOUND = 24;
    private static final int CLAIMED = 1;
    private static final int WAITING = 2;
    private static final int NOTIFIED = 3;
    /** How many threads may wait at once: the table fills 32 KiB, of which only what is used is touched. */
    static final int CAPACITY = 1022;
    /** A pid must leave the word two bits for the state. */
    private static final int MAX_PID = (1 << 30) - 1;
    static final long[] NONE = {};

    private final ByteBuffer memory;

    Waiters(ByteBuffer memory) {
        this.memory = memory;
    }

    /** The table's memory: 32 KiB, the largest block of an arena (of which a few waiters touch one page). */
    static Segment newSegment() {
        return Segment.small(TABLE + (long) CAPACITY * SLOT);
    }

    private static int at(int slot) {
        return TABLE + slot * SLOT;
    }

    private int word(int slot) {
        return Words.getIntVolatile(memory, at(slot) + WORD);
    }

    private long field(int slot, int offset) {
        return Words.getLongVolatile(memory, at(slot) + offset);
    }

    private static int mine(int state) {
        return Words.PID << 2 | state;
    }

    private static int state(int word) {
        return word & 3;
    }

    private static int pid(int word) {
        return word >>> 2;
    }

    private int used() {
        return Math.min(CAPACITY, Words.getIntVolatile(memory, USED));
    }

    /**
     * Registers the calling thread as a waiter, the lock held.
     *
     * @return its slot
     * @throws IllegalStateException if {@link #CAPACITY} threads wait already
     */
    int register() {
        if (Words.PID > MAX_PID) {
            throw new IllegalStateException("pid " + Words.PID + " does not fit a Condition's slot");
        }
        int used = used();
        for (int slot = 0; slot < used; slot++) {
            if (claim(slot)) {
                return slot;
            }
        }
        while (used < CAPACITY) {
            if (Words.compareAndSetInt(memory, USED, used, used + 1) && claim(used)) {
                return used;
            }
            used = used();
        }
        for (int slot = 0; slot < CAPACITY; slot++) {
            if (reclaim(slot) && claim(slot)) {
                return slot;
            }
        }
        throw new IllegalStateException("more than " + CAPACITY + " threads wait on this Condition");
    }

    private boolean claim(int slot) {
        int at = at(slot);
        // Claimed first, so that the fields are never written twice; a registrar that dies here
        // leaves a claimed slot that is reclaimed when the table is full.
        if (!Words.compareAndSetInt(memory, at + WORD, 0, mine(CLAIMED))) {
            return false;
        }
        Words.setLongVolatile(memory, at + START, Words.startTime());
        Words.setLongVolatile(memory, at + TICKET, Words.getAndAddLong(memory, TICKETS, 1L));
        Words.setIntVolatile(memory, at + WORD, mine(WAITING));
        return true;
    }

    /**
     * Whether the caller's {@code slot} waits no more: a notify gave it its wake-up. Also if the
     * slot is not the caller's any more, which happens only if this process was taken for dead
     * (a pid the system would not show): then it is a spurious wake-up, rather than a wait on a
     * word that is never what the sleep expects.
     */
    boolean notified(int slot) {
        return word(slot) != mine(WAITING);
    }

    /** Sleeps at most {@code nanos} while the caller's {@code slot} waits; may return early. */
    void sleep(int slot, long nanos) {
        Platform.segments().awaitWord(memory, at(slot) + WORD, mine(WAITING), nanos);
    }

    /**
     * Stops waiting without a wake-up.
     *
     * @return false if a notify came first: the slot is then notified, the wake-up the caller's
     */
    boolean leave(int slot) {
        return Words.compareAndSetInt(memory, at(slot) + WORD, mine(WAITING), 0);
    }

    /** Frees the caller's notified slot, once it holds the lock again. */
    void consume(int slot) {
        Words.compareAndSetInt(memory, at(slot) + WORD, mine(NOTIFIED), 0);
    }

    /**
     * Gives a wake-up to at most {@code n} of the waiters registered now, those that waited
     * longest; the lock is held. No system call when nobody waits.
     */
    void notify(int n) {
        if (used() > 0) {
            give(n, Words.getLongVolatile(memory, TICKETS));
        }
    }

    /** Gives at most {@code n} wake-ups to waiting slots with a ticket below {@code bound}; returns how many. */
    private int give(int n, long bound) {
        int used = used();
        int given = 0;
        while (given < n) {
            int oldest = -1;
            long oldestTicket = Long.MAX_VALUE;
            int waiting = 0;
            for (int slot = 0; slot < used; slot++) {
                long ticket = field(slot, TICKET);
                if (state(word(slot)) == WAITING && ticket < bound) {
                    waiting++;
                    if (ticket < oldestTicket) {
                        oldest = slot;
                        oldestTicket = ticket;
                    }
                }
            }
            if (waiting == 0) {
                break;
            }
            if (waiting > n - given) {
                given += giveTo(oldest, bound) ? 1 : 0;
                continue;
            }
            // All of them: those that leave meanwhile leave nobody else to wake, since no
            // thread registers while the lock is held.
            for (int slot = 0; slot < used; slot++) {
                if (field(slot, TICKET) < bound && giveTo(slot, bound)) {
                    given++;
                }
            }
            break;
        }
        return given;
    }

    private boolean giveTo(int slot, long bound) {
        int at = at(slot);
        int word = word(slot);
        if (state(word) != WAITING) {
            return false;
        }
        Words.setLongVolatile(memory, at + BOUND, bound);
        if (!Words.compareAndSetInt(memory, at + WORD, word, word - WAITING + NOTIFIED)) {
            return false; // it left on time-out or interrupt: the caller chooses another
        }
        Platform.segments().wakeWord(memory, at + WORD, 1);
        return true;
    }

    /**
     * A waiter's look, once a slice, for wake-ups given to processes that died before they took
     * them. A slot found notified at two looks in a row is one whose owner has not run for a
     * slice; only then is its process looked up (one system call), so that a look costs nothing
     * but reading the table while no one dies. The lock is taken without waiting, and over a
     * dead holder; if it is busy, the next look tries again.
     *
     * @param seen the tickets of the other notified slots at the caller's last look
     * @return those of this look, for the next
     */
    long[] passOnLost(int mine, long[] seen, SharedLock lock) {
        long[] now = NONE;
        int used = used();
        for (int slot = 0; slot < used; slot++) {
            int word = word(slot);
            if (slot == mine || state(word) != NOTIFIED) {
                continue;
            }
            long ticket = field(slot, TICKET);
            boolean passedOn = contains(seen, ticket) && !Words.runs(pid(word), field(slot, START))
                    && passOn(slot, word, ticket, lock);
            if (!passedOn) {
                now = Arrays.copyOf(now, now.length + 1);
                now[now.length - 1] = ticket;
            }
        }
        return now;
    }

    private static boolean contains(long[] tickets, long ticket) {
        for (long t : tickets) {
            if (t == ticket) {
                return true;
            }
        }
        return false;
    }

    private boolean passOn(int slot, int word, long ticket, SharedLock lock) {
        if (!lock.tryAcquireOrRecover()) {
            return false;
        }
        try {
            if (word(slot) == word && field(slot, TICKET) == ticket) {
                free(slot, word);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees the slot of a process that ended, the lock held; a wake-up it had not taken goes to
     * the waiter that waited longest among those its notify was meant for (first, so that a
     * death here can only repeat a wake-up, never lose one).
     */
    private void free(int slot, int word) {
        int pid = pid(word);
        if (state(word) != NOTIFIED) {
            if (Words.compareAndSetInt(memory, at(slot) + WORD, word, 0)) {
                LOG.warn("Condition: process {} died waiting on it; its place is freed", pid);
            }
            return;
        }
        boolean passed = give(1, field(slot, BOUND)) == 1;
        if (Words.compareAndSetInt(memory, at(slot) + WORD, word, 0)) {
            LOG.warn("Condition: process {} died before it took the wake-up a notify gave it; {}", pid,
                    passed ? "passed on to another waiter" : "no other waiter was waiting then");
        }
    }

    /** Frees {@code slot} if its process ended, the lock held; returns whether it is free. */
    private boolean reclaim(int slot) {
        int word = word(slot);
        if (word == 0) {
            return true;
        }
        int pid = pid(word);
        // A claimed slot may not have its start time yet: its pid alone answers.
        boolean runs = state(word) == CLAIMED ? pid == Words.PID || Platform.processes().isRunning(pid)
                : Words.runs(pid, field(slot, START));
        if (runs) {
            return false;
        }
        free(slot, word);
        return word(slot) == 0;
    }

    /** How many threads wait now (a snapshot). */
    int waiting() {
        int count = 0;
        int used = used();
        for (int slot = 0; slot < used; slot++) {
            count += state(word(slot)) == WAITING ? 1 : 0;
        }
        return count;
    }
}
