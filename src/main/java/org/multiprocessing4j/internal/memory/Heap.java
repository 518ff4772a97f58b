package org.multiprocessing4j.internal.memory;

import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This process's arenas, which small shared objects ({@link Segment#small}) are cut from so that
 * their number does not bound the number of descriptors: CPython's
 * {@code multiprocessing.heap.Heap}.
 *
 * <p>Who may reuse a block. A block is allocated by one process, in one of its own arenas, and
 * only that process ever gives its memory to another block. It does so once the block is
 * released here (its segment closed, or no view of it reachable) <em>and</em> the block was
 * never handed to a child. A block handed to a child (registered for inheritance at a
 * {@code start()}) is never reused by the process that made it, since the child — or a
 * grandchild it handed the block to, which the parent cannot see — may still use it after the
 * parent dropped its copy: reusing it would make a new lock of the parent and an old lock of the
 * child the same word. Such blocks are freed with their arena as a whole: when no block of an
 * arena is in use here, this process closes its descriptor (its memory goes with the last
 * process that maps it), except that one idle arena is kept for reuse, so that making and
 * dropping one object at a time does not make a descriptor each time. A child's view of an
 * inherited arena frees nothing: it is mapped once per process, whatever the number of objects
 * in it, and unmapped once none of them is in use there. (CPython's heap frees a block in the
 * process that allocated it alone too, but reuses it even after it went to a child, and relies
 * on the parent keeping its references while children run.)
 */
final class Heap {
    /** The largest block: a {@code Condition}'s table of waiters. Larger objects get a segment of their own. */
    static final int LARGEST = 32 * 1024;
    private static final Object LOCK = new Object();
    private static final List<Arena> OWN = new ArrayList<>();
    private static final Map<Long, Arena> INHERITED = new HashMap<>();

    private Heap() {
    }

    /** Random, not counted: an arena's id must differ from every other arena a descendant may inherit. */
    private static final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /** A zero-filled block of {@code size} bytes, 1 to {@link #LARGEST}. */
    static Block allocate(int size) {
        int granules = (size + Arena.GRANULE - 1) / Arena.GRANULE;
        synchronized (LOCK) {
            for (Arena arena : OWN) {
                int start = arena.take(granules);
                if (start >= 0) {
                    return new Block(arena, start, granules, size);
                }
            }
        }
        // Outside the lock: making a segment may wait for cleaners, which release blocks under it.
        Arena fresh = Arena.create(Ids.RANDOM.nextLong());
        synchronized (LOCK) {
            OWN.add(fresh);
            return new Block(fresh, fresh.take(granules), granules, size);
        }
    }

    /**
     * The block at {@code offset} of the arena {@code id} of an ancestor, which the child being
     * built inherited as descriptor {@code index}; the arena is mapped on its first block only.
     */
    static Block inherited(long id, int index, int arenaSize, int offset, int size) throws IOException {
        synchronized (LOCK) {
            Arena arena = INHERITED.get(id);
            if (arena == null) {
                arena = Arena.inherited(id, index, arenaSize);
                INHERITED.put(id, arena);
            }
            arena.hold();
            int granules = (size + Arena.GRANULE - 1) / Arena.GRANULE;
            return new Block(arena, offset / Arena.GRANULE, granules, size);
        }
    }

    /**
     * Registers the arena of {@code block} for the child being started and marks the block
     * handed on, so that this process never reuses it.
     *
     * @return the index of the arena's descriptor in the child
     * @throws InvalidObjectException outside a child's start, or if the block was released
     */
    static int handOn(Block block, String what) throws InvalidObjectException {
        synchronized (LOCK) {
            if (block.released) {
                throw new InvalidObjectException(what + " is closed");
            }
            Inheritance.requireCollecting(what);
            int index = block.arena.segment.registerForChild(what);
            block.handedOn = true;
            return index;
        }
    }

    /** Gives {@code block} back, once (see the class comment for what becomes of it). */
    static void release(Block block) {
        synchronized (LOCK) {
            if (block.released) {
                return;
            }
            block.released = true;
            Arena arena = block.arena;
            if (arena.give(block.start, block.granules, block.handedOn)) {
                retire(arena);
            }
        }
    }

    /** An arena no block of which is in use here: unmapped (once unreachable) and its descriptor closed, or kept. */
    private static void retire(Arena arena) {
        if (!arena.own) {
            INHERITED.remove(arena.id);
        } else if (!arena.clogged() && OWN.stream().noneMatch(other -> other != arena && other.idle())) {
            return;
        } else {
            OWN.remove(arena);
        }
        // The mapping stays while a stale view of a block can still be used: each block's cleaner holds the arena.
        arena.segment.close();
    }

    /** How many arenas this process has of its own and inherited (for tests). */
    static int[] arenas() {
        synchronized (LOCK) {
            return new int[] {OWN.size(), INHERITED.size()};
        }
    }
}
