package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

/**
 * A {@link Queue}'s counts, in its segment after the ring: the free units (which bound the queue
 * and give {@code qsize}), a {@link JoinableQueue}'s tasks got and not done, and a table of
 * accounts, one per queue object that ever put in some process. An account counts the elements
 * its owner accepted (a unit taken in {@code put}) and those it settled (their last frame
 * published); the difference is what its feeder holds. When the owner is found dead, whoever
 * finds it counts that difference out: it gives the units back, which also ends those tasks of a
 * {@link JoinableQueue} (its unfinished count is the queue's size plus the tasks got and not
 * done), and logs the loss once.
 *
 * <p>Why no element is counted out twice or never, whenever its owner is killed:
 * <ul>
 * <li><b>Taking a unit and accepting the element are one step.</b> The owner writes, in its
 * account, the accepted count it expects and a tag, then takes the unit by a compare-and-set of
 * the units word that also writes its slot and the tag there. Until the accepted count is
 * raised from the expected value (a compare-and-set, so once) and the units word cleared, every
 * other taker, and whoever recovers the account, does both for it first. So a unit is never
 * taken without being accepted, even if the owner dies right after taking it.</li>
 * <li><b>Publishing and settling are one step.</b> The feeder publishes under the writer lock.
 * Before a store of the ring's tail that completes messages, it writes an intent: its slot, that
 * tail and the settled count that follows; after the store, it settles and clears the intent.
 * Whoever takes the writer lock next (every writer repairs the ring after taking it) finds an
 * intent left by a holder that died, and settles it if and only if the ring's tail is that tail:
 * the store happened. An account that an intent names is recovered only that way, by taking
 * the writer lock over from its dead holder. So a message is either published and settled, and
 * its unit comes back when it is got, or neither, and its unit comes back with the account.</li>
 * <li><b>A message whose writer stopped inside it</b> (killed, or ending at exit, which
 * appends the {@link Frames#ABORT} itself) was not settled: its unit comes back with the
 * account, never from the reader who drops its frames. A whole message dropped because its
 * reader died inside it was settled: the next reader gives its unit back.</li>
 * <li><b>An account is recovered once.</b> The recoverer marks the slot as recovering (a
 * compare-and-set of its owner word) before it counts, so neither a second recoverer nor a new
 * owner of the slot takes part; a recoverer killed before it gave the units back leaves the
 * account to the next one, who finds the slot marked by a dead process.</li>
 * <li><b>Giving a dead account's units back and settling it are one step.</b> The units come
 * back in the compare-and-set that also marks the units word with the slot (and a tag no take
 * uses); whoever finds the mark, as with a take, settles the account before it clears it.</li>
 * </ul>
 *
 * <p>What is not covered, each a window of a few instructions in a process killed there:
 * <ul>
 * <li>a reader between taking a message from the ring and giving its unit back: that unit
 * stays taken for good (the queue holds one element less), and for a {@code JoinableQueue} the
 * task stays unfinished, as the task of any element got and never marked done does;</li>
 * <li>a process claiming a free slot: the slot, empty, is taken back only when the table is
 * full;</li>
 * <li>a claimer or recoverer killed between marking the slot and writing its start time or
 * identity beside the mark, whose pid a new process has taken since: known by its pid alone
 * there, the slot is taken for alive while that process runs;</li>
 * <li>not a death but a stall: a taker that reads the units word and stalls until that take's
 * owner has tried 65,536 more takes (the 16-bit tag wraps) may raise the owner's accepted count
 * for a try that then finds no unit: the account holds one element too many, which its owner's
 * death would give back as an extra unit.</li>
 * </ul>
 * A process that exits normally is not a death: it writes what it buffered first, or, after
 * {@code cancelJoinThread()}, stops its feeder and counts out what it had not written itself
 * (see {@link Feeder}).
 */
final class Ledger {
    private static final LazyLogger LOG = Log.of("queues");
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    /**
     * The free units (low 32 bits) and, while a take is not yet recorded, the taker's slot + 1
     * (16 bits) and its tag (16 bits). Takers and releasers change it; each group of words on a
     * cache line of its own.
     */
    private static final int UNITS = 0;
    private static final int UNITS_VALUE = UNITS + (LITTLE_ENDIAN ? 0 : 4);
    private static final int SLEEPERS = 8;
    /** A {@link JoinableQueue}'s tasks got and not done (long; negative after early taskDone calls). */
    private static final int OUTSTANDING = 64;
    /** The writer lock holder's intent: its slot + 1 (0: none), the tail it publishes, its settled count after. */
    private static final int INTENT = 128;
    private static final int INTENT_TAIL = 132;
    private static final int INTENT_SETTLED = 136;
    /** Slots ever used: the part of the table that is looked through. */
    private static final int USED = 144;
    private static final int TABLE = 192;
    private static final int SLOT = 64;
    /** In a slot: state << 32 | pid (the owner's, or the recoverer's while recovering). */
    static final int WORD = 0;
    /**
     * The owner's start time, written by the claimer right after it marked the slot claimed, and
     * cleared before the slot is freed: while claimed, 0 or the claimer's own.
     */
    static final int START = 8;
    private static final int ACCEPTED = 16;
    private static final int SETTLED = 24;
    /** The accepted count a take will raise, << 16, and the take's tag. */
    private static final int EXPECT = 32;
    /** The owner's pid, kept while the slot is recovered, for the warning. */
    private static final int OWNER = 40;
    /**
     * The recoverer's {@link Words#identity()}, written right after it marked the slot
     * recovering and cleared before it lets the slot go; trusted only when its pid is the slot
     * word's (else it is a dead recoverer's, not yet overwritten by the one that took over).
     */
    static final int RECOVERER = 48;
    static final long CLAIMING = 1L << 32;
    private static final long OWNED = 2L << 32;
    static final long RECOVERING = 3L << 32;
    private static final long STATE = 3L << 32;
    private static final long LOW = 0xFFFF_FFFFL;
    /** How many queue objects, in all processes, may put at once; the table's untouched pages cost nothing. */
    static final int CAPACITY = 1024;
    static final int SIZE = TABLE + CAPACITY * SLOT;
    /**
     * The tag of a recoverer's mark in the units word: it gave back a dead account's units and
     * has yet to settle that account (see {@link #releaseSettling}). No take uses it.
     */
    private static final int RELEASE_TAG = 0xFFFF;
    /**
     * Run by a recoverer right after it gave a dead account's units back, before it settles the
     * account: a test stops a recoverer there, at the worst moment to be killed. Null otherwise.
     */
    static volatile Runnable afterRelease;
    /** How often one queue object looks for dead owners, at most. */
    static final long LOOK_EVERY_NANOS = 2 * Words.SLICE_NANOS;

    private final ByteBuffer memory;
    /** When this object may look for dead owners again ({@link System#nanoTime()}). */
    private volatile long nextLook = System.nanoTime();

    Ledger(Segment segment) {
        this.memory = segment.buffer().slice(Ring.SEGMENT_SIZE, SIZE).order(ByteOrder.nativeOrder());
    }

    /** The counts' memory, for tests that leave a slot as a process killed in it would. */
    ByteBuffer memory() {
        return memory;
    }

    /** A segment for a new queue holding at most {@code maxSize} elements: its ring, then its counts. */
    static Segment newSegment(int maxSize) {
        Segment segment = Segment.anonymous(Ring.SEGMENT_SIZE + (long) SIZE);
        Words.setLongVolatile(segment.buffer(), Ring.SEGMENT_SIZE + UNITS, (long) maxSize);
        return segment;
    }

    // ---- units ----

    private long units() {
        return Words.getLongVolatile(memory, UNITS);
    }

    private static int taker(long units) {
        return (int) (units >>> 32) & 0xFFFF;
    }

    private static int tag(long units) {
        return (int) (units >>> 48);
    }

    /** The units free now (a snapshot). */
    int free() {
        return (int) units();
    }

    /** Gives {@code n} units back and wakes as many takers. */
    void release(int n) {
        // The value stays at most maxSize, so the addition never carries into the taker's bits.
        Words.getAndAddLong(memory, UNITS, (long) n);
        Words.wakeCounted(memory, UNITS_VALUE, SLEEPERS, n);
    }

    /** Sleeps at most {@code nanos} while no unit is free (interruptible); may return early. */
    void awaitUnit(long nanos) throws InterruptedException {
        Words.awaitCounted(memory, UNITS_VALUE, 0, SLEEPERS, nanos);
    }

    /**
     * Records the take that {@code units} names in its taker's account, unless that is done, and
     * clears it from the units word: what any taker does before its own take, so that a take is
     * accepted even when its taker dies right after it.
     */
    private void complete(long units) {
        int slot = taker(units) - 1;
        int tag = tag(units);
        int at = at(slot);
        long expect = Words.getLongVolatile(memory, at + EXPECT);
        // Another tag: the owner has completed this take itself and started another (or, for a
        // release, the slot has a new owner, whose counts go on from the settled ones).
        if ((int) (expect & 0xFFFF) == tag) {
            long accepted = expect >>> 16;
            if (tag == RELEASE_TAG) {
                long settled = field(at + SETTLED);
                if (settled < accepted) {
                    Words.compareAndSetLong(memory, at + SETTLED, settled, accepted);
                }
            } else {
                Words.compareAndSetLong(memory, at + ACCEPTED, accepted, accepted + 1);
            }
        }
        long seen = units;
        while (taker(seen) == slot + 1 && tag(seen) == tag) {
            if (Words.compareAndSetLong(memory, UNITS, seen, seen & LOW)) {
                return;
            }
            seen = units();
        }
    }

    // ---- a JoinableQueue's tasks ----

    /** Tasks got and not done: a {@link JoinableQueue}'s unfinished count less its size. */
    long outstanding() {
        return Words.getLongVolatile(memory, OUTSTANDING);
    }

    void addOutstanding(long delta) {
        Words.getAndAddLong(memory, OUTSTANDING, delta);
    }

    // ---- the table ----

    static int at(int slot) {
        return TABLE + slot * SLOT;
    }

    private long field(int at) {
        return Words.getLongVolatile(memory, at);
    }

    private int used() {
        return Math.min(CAPACITY, Words.getIntVolatile(memory, USED));
    }

    /**
     * The counts as they stand, for a message that must say why they are not what was expected:
     * the units word, the intent, and each slot in use with its state, pid, counts and whether
     * its process runs.
     */
    @Override
    public String toString() {
        long units = units();
        StringBuilder text = new StringBuilder("units ").append((int) units).append(" taker ").append(taker(units))
                .append(" tag ").append(units >>> 48).append(", intent ").append(Words.getIntVolatile(memory, INTENT))
                .append(" at tail ").append(Words.getIntVolatile(memory, INTENT_TAIL));
        for (int slot = 0; slot < used(); slot++) {
            int at = at(slot);
            long word = field(at + WORD);
            if (word == 0) {
                continue;
            }
            int pid = (int) word;
            long state = word & STATE;
            boolean runs = runs(at, word);
            text.append("; slot ").append(slot).append(" state ").append(state >>> 32).append(" pid ").append(pid)
                    .append(runs ? " running" : " ended").append(" accepted ").append(field(at + ACCEPTED)).append(" settled ").append(field(at + SETTLED));
        }
        return text.toString();
    }

    /**
     * Resolves the intent of a writer that died holding the writer lock: settles what it
     * published if the ring's tail is the one it meant to publish, and clears the intent. The
     * caller holds the writer lock, before it publishes anything.
     */
    void resolveIntent(int publishedTail) {
        int named = Words.getIntVolatile(memory, INTENT);
        if (named == 0) {
            return;
        }
        if (Words.getIntVolatile(memory, INTENT_TAIL) == publishedTail) {
            int at = at(named - 1);
            long after = field(INTENT_SETTLED);
            long settled = field(at + SETTLED);
            // The writer may have settled before it died: never twice.
            if (settled - after < 0) {
                Words.compareAndSetLong(memory, at + SETTLED, settled, after);
            }
        }
        Words.setIntVolatile(memory, INTENT, 0);
    }

    /**
     * Counts out, once a while ({@link #LOOK_EVERY_NANOS} for this object), what processes
     * found dead had accepted and not written.
     *
     * @param takeOverWriter takes the writer lock over from a dead holder and repairs the ring
     *                       (resolving its intent); false if the holder is alive
     * @return the units given back
     */
    int recoverIfDue(BooleanSupplier takeOverWriter) {
        long now = System.nanoTime();
        if (now - nextLook < 0) {
            return 0;
        }
        nextLook = now + LOOK_EVERY_NANOS;
        return recoverDead(takeOverWriter, false);
    }

    /**
     * Looks through the table for slots whose process has ended: those holding elements (or
     * also those holding none, to free them, when {@code all}).
     */
    private int recoverDead(BooleanSupplier takeOverWriter, boolean all) {
        int given = 0;
        int used = used();
        for (int slot = 0; slot < used; slot++) {
            int at = at(slot);
            long word = field(at + WORD);
            long state = word & STATE;
            if (state == 0) {
                continue;
            }
            boolean holds = field(at + ACCEPTED) != field(at + SETTLED) || taker(units()) == slot + 1;
            if (!all && (state == CLAIMING || state == OWNED && !holds)) {
                continue;
            }
            if (!runs(at, word)) {
                given += recover(slot, word, takeOverWriter);
            }
        }
        return given;
    }

    /**
     * Whether the process that {@code word}, the word of the slot at {@code at}, names still
     * runs: known by its pid and start time, or, in the instant between marking the slot and
     * writing its start time or identity, by its pid alone.
     */
    private boolean runs(int at, long word) {
        int pid = (int) word;
        long state = word & STATE;
        if (pid == Words.PID && state != OWNED) {
            return true; // this process's own threads, claiming or recovering now
        }
        if (state == RECOVERING) {
            return Words.runsAsRecorded(pid, field(at + RECOVERER));
        }
        // Owned: the start time is the owner's; claimed: 0 or the claimer's.
        return Words.runs(pid, field(at + START));
    }

    /** Counts out what the dead process in {@code seen} (the slot's word) left, and frees the slot. */
    private int recover(int slot, long seen, BooleanSupplier takeOverWriter) {
        int at = at(slot);
        if (!Words.compareAndSetLong(memory, at + WORD, seen, RECOVERING | Words.PID & LOW)) {
            return 0;
        }
        Words.setLongVolatile(memory, at + RECOVERER, Words.identity());
        long units = units();
        if (taker(units) == slot + 1) {
            complete(units);
        }
        if (Words.getIntVolatile(memory, INTENT) == slot + 1 && !takeOverWriter.getAsBoolean()) {
            // A live writer has just taken the lock over and settles the intent first: next time.
            Words.setLongVolatile(memory, at + RECOVERER, 0L);
            Words.setLongVolatile(memory, at + WORD, seen);
            return 0;
        }
        long accepted = field(at + ACCEPTED);
        int lost = (int) (accepted - field(at + SETTLED));
        if (lost > 0) {
            releaseSettling(slot, accepted, lost);
            LOG.warn("Queue: process {} died holding {} element{} it had accepted and not written (lost, as in "
                    + "CPython); process {} counted them out", Words.getIntVolatile(memory, at + OWNER), lost,
                    lost == 1 ? "" : "s", Words.PID);
        }
        // So that the next claimer's and recoverer's marks are never read with these.
        Words.setLongVolatile(memory, at + START, 0L);
        Words.setLongVolatile(memory, at + RECOVERER, 0L);
        Words.setLongVolatile(memory, at + WORD, 0L);
        return Math.max(lost, 0);
    }

    /**
     * Gives back the {@code lost} units of the dead account in {@code slot} and settles it at
     * {@code accepted}, as one step whoever dies in it: the units come back in the same
     * compare-and-set that marks the units word with the slot and {@link #RELEASE_TAG}, and
     * whoever finds the mark (every taker, and the next recoverer of the slot) settles the
     * account before it clears the mark, as it completes a take. Settling first would lose the
     * units with a recoverer killed before it gave them back; giving them back first, without
     * the mark, would give them twice.
     */
    private void releaseSettling(int slot, long accepted, int lost) {
        int at = at(slot);
        Words.setLongVolatile(memory, at + EXPECT, accepted << 16 | RELEASE_TAG);
        while (true) {
            long units = units();
            if (taker(units) != 0) {
                complete(units);
                continue;
            }
            long marked = (units + lost) | (long) (slot + 1) << 32 | (long) RELEASE_TAG << 48;
            if (Words.compareAndSetLong(memory, UNITS, units, marked)) {
                Runnable hook = afterRelease;
                if (hook != null) {
                    hook.run();
                }
                complete(marked);
                Words.wakeCounted(memory, UNITS_VALUE, SLEEPERS, lost);
                return;
            }
        }
    }

    /** The account of one queue object in this process, in a slot claimed at its first put. */
    Account account() {
        return new Account();
    }

    /** One queue object's account: the unit it takes, the messages it publishes. */
    final class Account {
        /** Guarded by this. */
        private int slot = -1;
        private int tags;

        /**
         * Takes a unit if one is free now, and accepts the element in this account in the same
         * step (see {@link Ledger}).
         *
         * @throws IllegalStateException if {@link #CAPACITY} queue objects of live processes have put already
         */
        synchronized boolean tryTake() {
            int mine = slot();
            int at = at(mine);
            int tag = ++tags & 0xFFFF;
            if (tag == RELEASE_TAG) {
                tag = ++tags & 0xFFFF;
            }
            Words.setLongVolatile(memory, at + EXPECT, field(at + ACCEPTED) << 16 | tag);
            while (true) {
                long units = units();
                if (taker(units) != 0) {
                    complete(units);
                    continue;
                }
                if ((int) units <= 0) {
                    return false;
                }
                long taken = (units - 1) | (long) (mine + 1) << 32 | (long) tag << 48;
                if (Words.compareAndSetLong(memory, UNITS, units, taken)) {
                    complete(taken);
                    return true;
                }
            }
        }

        /** This account's slot, claimed at the first call. */
        int slot() {
            if (slot < 0) {
                slot = claim();
            }
            return slot;
        }

        /** The first free slot, claimed; the table is looked through only as far as slots were ever used. */
        private int claim() {
            for (int round = 0; round < 2; round++) {
                for (int s = 0; s < CAPACITY; s++) {
                    if (s >= used()) {
                        countIn(s + 1);
                    }
                    if (claim(s)) {
                        return s;
                    }
                }
                // Full: free the slots of ended processes (not one whose writer intent waits for a writer).
                recoverDead(() -> false, true);
            }
            throw new IllegalStateException("more than " + CAPACITY + " queue objects of running processes put into "
                    + "this queue");
        }

        /** Raises the count of slots ever used to {@code slots}, unless another process did. */
        private void countIn(int slots) {
            int used;
            do {
                used = Words.getIntVolatile(memory, USED);
            } while (used < slots && !Words.compareAndSetInt(memory, USED, used, slots));
        }

        private boolean claim(int s) {
            int at = at(s);
            if (!Words.compareAndSetLong(memory, at + WORD, 0L, CLAIMING | Words.PID & LOW)) {
                return false;
            }
            Words.setLongVolatile(memory, at + START, Words.startTime());
            Words.setIntVolatile(memory, at + OWNER, Words.PID);
            // The slot's tags go on from its last owner's, so that a taker late in completing one
            // of that owner's takes does not take one of ours for it.
            tags = (int) field(at + EXPECT) & 0xFFFF;
            Words.setLongVolatile(memory, at + WORD, OWNED | Words.PID & LOW);
            return true;
        }

        /**
         * Before the writer lock holder publishes frames that complete {@code messages} of this
         * account's elements, up to {@code tailAfter}.
         */
        void publishing(int tailAfter, int messages) {
            Words.setIntVolatile(memory, INTENT_TAIL, tailAfter);
            Words.setLongVolatile(memory, INTENT_SETTLED, field(at(slot) + SETTLED) + messages);
            Words.setIntVolatile(memory, INTENT, slot + 1);
        }

        /** After it published them. */
        void published() {
            Words.setLongVolatile(memory, at(slot) + SETTLED, field(INTENT_SETTLED));
            Words.setIntVolatile(memory, INTENT, 0);
        }

        /**
         * Counts out what this account accepted and did not publish, once its feeder has stopped
         * for good (an exit after {@code cancelJoinThread()}).
         *
         * @return how many elements
         */
        synchronized int writeOff() {
            if (slot < 0) {
                return 0;
            }
            int at = at(slot);
            long accepted = field(at + ACCEPTED);
            int lost = (int) (accepted - field(at + SETTLED));
            if (lost > 0) {
                Words.setLongVolatile(memory, at + SETTLED, accepted);
                release(lost);
            }
            return Math.max(lost, 0);
        }
    }
}
