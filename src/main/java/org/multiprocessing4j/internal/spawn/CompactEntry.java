package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;

import java.io.IOException;

/**
 * A {@link ChildEntry} that can, in the common case, travel as plain data instead of through
 * object serialization, sparing the child JVM the start-up of object streams. It says so by
 * writing itself; a {@link Reader}, found by class name in the child, rebuilds it.
 */
public interface CompactEntry extends ChildEntry {

    /**
     * Writes this entry as plain data if it can.
     *
     * @return false if it needs object serialization (what it wrote is then dropped)
     */
    boolean writeCompact(PlainOutput out);

    /** The class of the reader that rebuilds this entry in the child; it needs a no-argument constructor. */
    Class<? extends Reader> readerClass();

    /** Rebuilds a compact entry in the child. */
    interface Reader {
        /**
         * Reads what {@link CompactEntry#writeCompact} wrote.
         *
         * @throws IOException if it is truncated or corrupt
         */
        ChildEntry read(PlainInput in) throws IOException;
    }
}
