package org.multiprocessing4j.internal.engine;

/**
 * Runs a per-item loop in blocks of {@link #SIZE} items, each block one call of a small method:
 * a new JVM compiles a method after a hundred calls or so, but a loop inside one long call only
 * after some 60,000 rounds, running it in the interpreter until then, and pool workers are new
 * JVMs (the parent's own pool code is often cold too).
 */
public final class Blocks {
    public static final int SIZE = 64;

    /** The loop over the items from {@code start} (inclusive) to {@code end}; false stops the run. */
    @FunctionalInterface
    public interface Loop<E extends Exception> {
        boolean run(int start, int end) throws E;
    }

    private Blocks() {
    }

    /** Runs {@code loop} over the items 0 to {@code size}, block by block; false if a block said stop. */
    public static <E extends Exception> boolean run(int size, Loop<E> loop) throws E {
        for (int start = 0; start < size; start += SIZE) {
            if (!loop.run(start, Math.min(size, start + SIZE))) {
                return false;
            }
        }
        return true;
    }
}
