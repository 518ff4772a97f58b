package org.multiprocessing4j.internal.memory;

/**
 * A block of an {@link Arena} that one {@link Segment} of this process uses. Its two flags are
 * guarded by {@link Heap}'s lock.
 */
final class Block {
    final Arena arena;
    final int start;
    final int granules;
    final int size;
    /** Given back to the arena: by close(), or by the cleaner once no view of it is reachable. */
    boolean released;
    /** Handed to a child at its start: its memory is never given to another block of this process. */
    boolean handedOn;

    Block(Arena arena, int start, int granules, int size) {
        this.arena = arena;
        this.start = start;
        this.granules = granules;
        this.size = size;
    }

    /** Where it starts in its arena, in bytes. */
    int offset() {
        return start * Arena.GRANULE;
    }

    /** Gives it back, once; the cleaner's action, and close()'s. */
    void release() {
        Heap.release(this);
    }
}
