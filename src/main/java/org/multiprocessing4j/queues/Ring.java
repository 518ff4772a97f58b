package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.memory.Words;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The bytes of a queue: {@link Frames} in a ring buffer in shared memory, with two counters of
 * bytes, both 32-bit and wrapping: {@code tail}, what writers have published, and {@code head},
 * what readers have consumed. A writer holds the queue's writer lock, a reader its reader lock.
 *
 * <p>Why no torn message is ever delivered, whoever is killed when: a writer copies whole frames
 * into the free part of the ring and only then publishes them, by one atomic store of
 * {@code tail}; a reader consumes a frame by one atomic store of {@code head} after copying it
 * out. So a frame is published whole or not at all, and consumed whole or not at all. A message
 * of several frames can still be cut: its writer may die between two of them (it then holds the
 * writer lock, which the next writer recovers), or its reader may die after taking some (the
 * next reader recovers the reader lock). For the first, the store that publishes frames also
 * sets or clears an <em>open</em> bit in the same 64-bit word, telling whether the last
 * published frame leaves a message unfinished; whoever takes the writer lock and finds the bit
 * set knows that the holder before it died mid-message and appends an {@link Frames#ABORT}
 * frame (every writer leaves room for one, so this never waits). A reader waiting for the next
 * frame of a message also looks, every 50 ms, whether the writer lock's holder died, and if so
 * takes the lock over to do the same. For the second, a reader drops the frames of a message
 * whose first frame it did not see. A reader delivers a message only from its first frame to its
 * last, consecutively. A writer told to stop (its process is exiting) appends the
 * {@link Frames#ABORT} itself before it lets the lock go, so that an exit never looks like a death.
 *
 * <p>A {@link Queue}'s ring has a {@link Ledger}: a store of the tail that completes messages is
 * announced there and settled afterwards, and {@link #repair()} settles what a dead writer had
 * announced, so that every message is counted either as written or as lost, never both.
 *
 * <p>CPython's queue uses a pipe. A ring in shared memory needs no system call when a message is
 * already there or room already free (the sleeping side is woken through a futex only when it
 * sleeps), and its byte counts are exact, which the recovery above relies on.
 */
final class Ring {
    private static final LazyLogger LOG = Log.of("queues");
    static final int CAPACITY = 1 << 18;
    private static final int MASK = CAPACITY - 1;
    /** Tail (low 32 bits) and the open bit, stored together. Each counter on a cache line of its own. */
    private static final int PUBLISHED = 0;
    private static final int TAIL_WORD = PUBLISHED + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 4);
    private static final int HEAD = 64;
    /** A reader's request to be woken when frames are published; then how many sleep. */
    private static final int READER_WAKE = 128;
    private static final int READERS_ASLEEP = 132;
    /** A writer's request to be woken once {@code head} reaches the value at {@link #WAKE_AT}. */
    private static final int WRITER_WAKE = 192;
    private static final int WAKE_AT = 196;
    private static final int WRITERS_ASLEEP = 200;
    private static final int DATA = 256;
    static final int SEGMENT_SIZE = DATA + CAPACITY;
    private static final long OPEN = 1L << 32;
    /** Writers publish at least this often, so that a reader starts on a long batch early. */
    private static final int PUBLISH_EVERY = 32 * 1024;
    private static final int SPINS = 2_000;
    private static final int YIELDS = 20;
    /** For {@link #write}: a writer that is never told to stop. */
    static final BooleanSupplier NEVER = () -> false;

    private final ByteBuffer memory;
    /** A {@link Queue}'s counts; null for a {@link SimpleQueue}, which has none. */
    private final Ledger ledger;
    /** The message read last: {@code data[0, length)}. */
    private byte[] data = new byte[256];
    private int length;

    Ring(Segment segment, Ledger ledger) {
        this.memory = segment.buffer().order(ByteOrder.nativeOrder());
        this.ledger = ledger;
    }

    private int head() {
        return Words.getIntVolatile(memory, HEAD);
    }

    private long published() {
        return Words.getLongVolatile(memory, PUBLISHED);
    }

    /** Whether no frame is published and not consumed (CPython's {@code not reader.poll()}). */
    boolean isEmpty() {
        return (int) published() == head();
    }

    /** Whether the last frame published leaves a message unfinished (a snapshot). */
    boolean isOpen() {
        return (published() & OPEN) != 0;
    }

    // ---- writing, under the writer lock ----

    /**
     * Writes the frames {@code frames.bytes[0, frames.size)}, whole messages, waiting for room as
     * readers make it. The caller holds the writer lock and has called {@link #repair()} since
     * taking it.
     *
     * @param account whose elements they are, told of each publish that completes some; null for
     *                a {@link SimpleQueue}
     * @param stop    asked before each publish and while waiting for room: once it says so, the
     *                message in progress is ended with an {@link Frames#ABORT} and the rest is not
     *                written
     * @return false if stopped
     */
    boolean write(Frames frames, Ledger.Account account, BooleanSupplier stop) {
        long published = published();
        int tail = (int) published;
        boolean open = (published & OPEN) != 0;
        int pos = 0;
        while (pos < frames.size) {
            if (stop.getAsBoolean()) {
                if (open) {
                    abort(tail);
                }
                return false;
            }
            // Room for the next frames, and for an ABORT that someone may have to append after them.
            int room = CAPACITY - Frames.HEADER - (tail - head());
            int end = pos;
            boolean openAfter = open;
            int messages = 0;
            while (end < frames.size && end - pos < PUBLISH_EVERY) {
                int size = Frames.frameSize(frames.lengthAt(end));
                if (end - pos + size > room) {
                    break;
                }
                int kind = frames.kindAt(end);
                openAfter = Frames.opensAfter(kind);
                messages += kind == Frames.SINGLE || kind == Frames.LAST ? 1 : 0;
                end += size;
            }
            if (end == pos) {
                awaitRoom(tail, Frames.frameSize(frames.lengthAt(pos)) + Frames.HEADER, stop);
                continue;
            }
            copyIn(frames.bytes, pos, end - pos, tail);
            tail += end - pos;
            open = openAfter;
            pos = end;
            if (account != null && messages > 0) {
                account.publishing(tail, messages);
                publish(tail, open);
                account.published();
            } else {
                publish(tail, open);
            }
        }
        return true;
    }

    /**
     * Finishes what the previous holder of the writer lock left when it died: settles in the
     * ledger what it had published, and ends with an {@link Frames#ABORT} a message it left
     * open. The caller holds the writer lock.
     */
    void repair() {
        long published = published();
        if (ledger != null) {
            ledger.resolveIntent((int) published);
        }
        if ((published & OPEN) == 0) {
            return;
        }
        abort((int) published);
        LOG.warn("Queue: a writer died in the middle of a message; process {} ended the "
                + "message, which no reader will receive", Words.PID);
    }

    /** Appends an {@link Frames#ABORT} at {@code tail}, ending the open message; there is always room for it. */
    private void abort(int tail) {
        int at = DATA + (tail & MASK);
        memory.putInt(at, 0);
        memory.putInt(at + 4, Frames.checkWord(Frames.ABORT));
        publish(tail + Frames.HEADER, false);
    }

    private void publish(int tail, boolean open) {
        Words.setLongVolatile(memory, PUBLISHED, (tail & 0xFFFF_FFFFL) | (open ? OPEN : 0));
        wakeIfRequested(READER_WAKE, TAIL_WORD);
    }

    /**
     * Wakes the sleepers of {@code word} once per request: a sleeping side asks by setting
     * {@code request} before its last look, so one system call wakes it, not one per frame
     * published or consumed until it has run again.
     */
    private void wakeIfRequested(int request, int word) {
        if (Words.getIntVolatile(memory, request) != 0 && Words.getAndSetInt(memory, request, 0) != 0) {
            Platform.segments().wakeWord(memory, word, Integer.MAX_VALUE);
        }
    }

    /** Waits until {@code need} bytes are free after {@code tail}, or until {@code stop} says so. */
    private void awaitRoom(int tail, int need, BooleanSupplier stop) {
        // Asleep, wait for half the ring (at least): then a refill is one batch, not one per frame read.
        Words.setIntVolatile(memory, WAKE_AT, tail - CAPACITY + Math.max(need, CAPACITY / 2));
        boolean interrupted = false;
        for (int round = 0; ; round++) {
            int head = head();
            if (CAPACITY - (tail - head) >= need || round >= SPINS && stop.getAsBoolean()) {
                break;
            }
            if (round < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            Words.setIntVolatile(memory, WRITER_WAKE, 1);
            if (head != head()) {
                continue;
            }
            try {
                Words.awaitCounted(memory, HEAD, head, WRITERS_ASLEEP, Words.SLICE_NANOS);
            } catch (InterruptedException e) {
                // A writer finishes what it started: a frame left half-done would cost a message.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void copyIn(byte[] source, int offset, int count, int at) {
        int p = at & MASK;
        int first = Math.min(count, CAPACITY - p);
        memory.put(DATA + p, source, offset, first);
        if (first < count) {
            memory.put(DATA, source, offset + first, count - first);
        }
    }

    // ---- reading, under the reader lock ----

    /** The payload of the message {@link #read} found: valid until the next read. */
    byte[] data() {
        return data;
    }

    /** Its length. */
    int length() {
        return length;
    }

    /**
     * Reads the next message into {@link #data()}. The time-out counts only until a message
     * starts: a message begun is read to its end, which its writer is writing, or which is
     * aborted if that writer dies. The caller holds the reader lock.
     *
     * @param timeoutNanos -1: for ever
     * @param waiting      run every 50 ms while this waits (for a message, or inside one): looks
     *                     for dead writers
     * @param dropped      told of each whole message dropped because the reader that began it
     *                     died (not of an aborted one: that was never counted as written)
     * @return false on time-out
     */
    boolean read(long timeoutNanos, Runnable waiting, Runnable dropped) throws InterruptedException {
        long deadline = Words.deadline(timeoutNanos);
        int head = head();
        boolean assembling = false;
        boolean skipping = false;
        int rounds = 0;
        long nextLook = 0;
        boolean interrupted = false;
        try {
            while (true) {
                long published = published();
                int tail = (int) published;
                if (tail == head) {
                    boolean idle = !assembling && !skipping;
                    if (rounds < SPINS + YIELDS && (timeoutNanos != 0 || !idle)) {
                        if (rounds++ < SPINS) {
                            Thread.onSpinWait();
                        } else {
                            Thread.yield();
                        }
                        continue;
                    }
                    long slice = idle ? Words.slice(timeoutNanos, deadline) : Words.SLICE_NANOS;
                    if (slice == 0) {
                        return false;
                    }
                    if (System.nanoTime() - nextLook >= 0) {
                        nextLook = System.nanoTime() + Words.SLICE_NANOS;
                        waiting.run();
                    }
                    Words.setIntVolatile(memory, READER_WAKE, 1);
                    if ((int) published() != tail) {
                        continue;
                    }
                    try {
                        Words.awaitCounted(memory, TAIL_WORD, tail, READERS_ASLEEP, slice);
                    } catch (InterruptedException e) {
                        if (idle) {
                            throw e;
                        }
                        interrupted = true;
                    }
                    continue;
                }
                rounds = 0;
                int at = DATA + (head & MASK);
                int frameLength = memory.getInt(at);
                int kind = Frames.kindOf(frameLength, memory.getInt(at + 4));
                boolean delivered = false;
                switch (kind) {
                    case Frames.SINGLE:
                    case Frames.FIRST:
                        requireBetweenMessages(assembling || skipping);
                        length = 0;
                        copyOut(head + Frames.HEADER, frameLength);
                        delivered = kind == Frames.SINGLE;
                        assembling = !delivered;
                        break;
                    case Frames.MIDDLE:
                    case Frames.LAST:
                        if (assembling) {
                            copyOut(head + Frames.HEADER, frameLength);
                            delivered = kind == Frames.LAST;
                            assembling = !delivered;
                        } else if (kind == Frames.MIDDLE) {
                            skipping = true;
                        } else {
                            skipping = false;
                            dropped.run();
                        }
                        break;
                    default: // ABORT: its writer's account counts the message out
                        assembling = false;
                        skipping = false;
                        break;
                }
                head += Frames.frameSize(frameLength);
                Words.setIntVolatile(memory, HEAD, head);
                if (head - Words.getIntVolatile(memory, WAKE_AT) >= 0) {
                    wakeIfRequested(WRITER_WAKE, HEAD);
                }
                if (delivered) {
                    return true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void requireBetweenMessages(boolean inMessage) {
        if (inMessage) {
            throw new IllegalStateException("queue stream is corrupt: a message starts inside another");
        }
    }

    /** Appends {@code count} bytes at ring offset {@code at} to {@link #data}. */
    private void copyOut(int at, int count) {
        if (length + count > data.length) {
            data = Arrays.copyOf(data, Math.max(length + count, 2 * data.length));
        }
        int p = at & MASK;
        int first = Math.min(count, CAPACITY - p);
        memory.get(DATA + p, data, length, first);
        if (first < count) {
            memory.get(DATA, data, length + first, count - first);
        }
        length += count;
    }

    /**
     * Hands the message's array over to the caller, who may keep it: a large one goes as it is
     * (and this reader starts afresh, so as not to hold on to it), a small one as a copy.
     */
    byte[] detachData() {
        if (data.length <= 1 << 16) {
            return Arrays.copyOf(data, length);
        }
        byte[] taken = data;
        data = new byte[256];
        return taken;
    }
}
