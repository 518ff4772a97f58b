package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.util.Objects;

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
        return open(duplex, DefaultSerializer.get());
    }

    /**
     * {@link #open(boolean)} whose ends send and receive objects with {@code serializer} (both
     * ends must agree; a child the pipe is handed to keeps it).
     *
     * @return {@code [conn1, conn2]}
     */
    public static Connection[] open(boolean duplex, Serializer serializer) throws IOException {
        Objects.requireNonNull(serializer, "serializer");
        Descriptors descriptors = Platform.descriptors();
        if (duplex) {
            long[] ends = descriptors.duplexPair();
            return new Connection[] {new Connection(ends[0], true, true, serializer),
                                     new Connection(ends[1], true, true, serializer)};
        }
        long[] ends = descriptors.pipe();
        return new Connection[] {new Connection(ends[0], true, false, serializer),
                                 new Connection(ends[1], false, true, serializer)};
    }
}
