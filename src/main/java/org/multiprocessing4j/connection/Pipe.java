package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.Platform;

import java.io.IOException;

/**
 * Python's {@code multiprocessing.Pipe()}: a pair of connected {@link Connection}s.
 */
public final class Pipe {
    private Pipe() {
    }

    /** A duplex pipe, both ends sending and receiving: {@code Pipe()}. */
    public static Connection[] open() throws IOException {
        return open(true);
    }

    /**
     * Python's {@code Pipe(duplex)}: a socketpair (Windows: a named pipe) when {@code duplex},
     * otherwise a one-way pipe whose first end only receives and whose second only sends.
     *
     * @return {@code [conn1, conn2]}
     */
    public static Connection[] open(boolean duplex) throws IOException {
        Descriptors descriptors = Platform.descriptors();
        if (duplex) {
            long[] ends = descriptors.duplexPair();
            return new Connection[] {new Connection(ends[0], true, true), new Connection(ends[1], true, true)};
        }
        long[] ends = descriptors.pipe();
        return new Connection[] {new Connection(ends[0], true, false), new Connection(ends[1], false, true)};
    }
}
