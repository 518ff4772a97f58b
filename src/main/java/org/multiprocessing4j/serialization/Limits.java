package org.multiprocessing4j.serialization;

/**
 * The bounds every deserialization of bytes from another process is held to, whichever format
 * carries them. They are what no ordinary message comes near, and what keeps a hostile one from
 * exhausting the heap, the stack or the CPU before anything is refused.
 */
final class Limits {
    /**
     * Objects nested in objects. Each level costs a reader several stack frames: on a fresh
     * 1 MiB thread stack (the JVM's default) JDK serialization overflows at about 570 nested
     * ArrayLists (1550 nested arrays), less on a thread already deep in its caller's frames; 200
     * leaves that room. A {@code StackOverflowError} that still happens becomes a refusal.
     */
    static final int MAX_DEPTH = 200;
    /**
     * Hash-based collections (HashMap, HashSet, Hashtable and their subclasses) nested in one
     * another. Rebuilding one computes its keys' hash codes, and a set's hash code is that of its
     * elements: with shared references, nested sets make that work exponential ("SerialDOS": a
     * 5.7 KB stream that runs for ever). 2^16 steps is nothing; sixteen maps of maps is plenty.
     */
    static final int MAX_HASH_NESTING = 16;
    /** Objects and back references in one message: every one takes at least a byte, so the message's size bounds it first. */
    static final long MAX_REFERENCES = 50_000_000;
    /**
     * An array (or a collection's table) may announce at most this many elements per byte of the
     * message, plus a small allowance: every element of a real array takes at least one byte (a
     * hash table sized for n keys, about 2.7 slots per key, takes at least 3 bytes a key), so
     * nothing is allocated for what the bytes cannot hold.
     */
    static final int ARRAY_ELEMENTS_PER_BYTE = 1;
    static final int ARRAY_ALLOWANCE = 1024;

    private Limits() {
    }

    /** The most elements an array read from {@code length} bytes may announce. */
    static long maxArray(int length) {
        return (long) length * ARRAY_ELEMENTS_PER_BYTE + ARRAY_ALLOWANCE;
    }
}
