package org.multiprocessing4j.internal.memory;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One anonymous segment of {@link #SIZE} bytes cut into blocks for small shared objects:
 * CPython's {@code multiprocessing.heap.Arena}. Blocks are whole {@link #GRANULE}s, so every
 * block starts on a cache line of its own: words of different objects never share a line (an
 * uncontended lock is a compare-and-set that no other object's traffic slows), every 4- or
 * 8-byte word at an aligned offset inside a block is aligned in memory, and a futex word never
 * straddles a page.
 *
 * <p>An arena is either this process's own, which it allocates in, or an inherited one: a view
 * of an ancestor's arena, which never allocates or frees anything. All mutable state is guarded
 * by {@link Heap}'s lock.
 */
final class Arena {
    static final int SIZE = 1 << 20;
    static final int GRANULE = 64;
    static final int GRANULES = SIZE / GRANULE;
    private static final byte[] ZEROS = new byte[4096];

    /** Names the arena in every process that maps it: descriptor numbers differ from process to process. */
    final long id;
    final Segment segment;
    final ByteBuffer memory;
    final boolean own;
    /** Own arena: the granules taken, by a block in use here or one handed to a child. */
    private final long[] taken = new long[GRANULES / 64];
    private int free = GRANULES;
    /** Granules of blocks handed to a child and released here since: never reused while the arena lives. */
    private int lost;
    /** Granules from here on were never handed out: still zero as the segment was made. */
    private int top;
    /** The first word of {@link #taken} that may have a free bit. */
    private int hint;
    /** Blocks of this arena that this process uses. */
    private int live;

    private Arena(long id, Segment segment, boolean own) {
        this.id = id;
        this.segment = segment;
        this.memory = segment.buffer();
        this.own = own;
    }

    /** A new arena of this process. */
    static Arena create(long id) {
        return new Arena(id, Segment.anonymous(SIZE), true);
    }

    /** This process's view of an ancestor's arena {@code id}, inherited as descriptor {@code index}. */
    static Arena inherited(long id, int index, int size) throws IOException {
        return new Arena(id, Segment.inherited(index, size), false);
    }

    /**
     * Takes a run of {@code granules} free granules, zeroed, in an own arena.
     *
     * @return its first granule, or -1 if there is no such run
     */
    int take(int granules) {
        if (granules > free) {
            return -1;
        }
        int start = find(granules);
        if (start < 0) {
            return -1;
        }
        mark(start, granules, true);
        free -= granules;
        while (hint < taken.length && taken[hint] == -1L) {
            hint++;
        }
        if (start < top) {
            // Only a block freed here comes back, so no other process can see this.
            zero(start * GRANULE, (Math.min(start + granules, top) - start) * GRANULE);
        }
        top = Math.max(top, start + granules);
        live++;
        return start;
    }

    /** The first granule of the first run of {@code granules} free ones, or -1. */
    private int find(int granules) {
        int run = 0;
        int g = hint * 64;
        while (g < GRANULES) {
            long word = taken[g >>> 6];
            if ((g & 63) == 0 && (word == -1L || word == 0L)) {
                run = word == 0L ? run + 64 : 0;
                g += 64;
            } else {
                run = (word & (1L << (g & 63))) == 0 ? run + 1 : 0;
                g++;
            }
            if (run >= granules) {
                return g - run;
            }
        }
        return -1;
    }

    private void mark(int start, int granules, boolean set) {
        for (int g = start; g < start + granules; g++) {
            if (set) {
                taken[g >>> 6] |= 1L << (g & 63);
            } else {
                taken[g >>> 6] &= ~(1L << (g & 63));
            }
        }
    }

    private void zero(int offset, int length) {
        for (int done = 0; done < length; done += ZEROS.length) {
            memory.put(offset + done, ZEROS, 0, Math.min(ZEROS.length, length - done));
        }
    }

    /** Counts one more block of an inherited arena in use here. */
    void hold() {
        live++;
    }

    /**
     * Takes back a block this process no longer uses. In an own arena its granules are free
     * again, unless it was handed to a child: then they stay taken for as long as the arena
     * lives, since the child may still use them.
     *
     * @return whether no block of the arena is in use here any more
     */
    boolean give(int start, int granules, boolean handedToAChild) {
        live--;
        if (own && handedToAChild) {
            lost += granules;
        } else if (own) {
            mark(start, granules, false);
            free += granules;
            hint = Math.min(hint, start >>> 6);
        }
        return live == 0;
    }

    /** Whether no block of it is in use here. */
    boolean idle() {
        return live == 0;
    }

    /** Whether blocks handed to children fill half of it or more: not worth keeping once idle. */
    boolean clogged() {
        return lost >= GRANULES / 2;
    }
}
