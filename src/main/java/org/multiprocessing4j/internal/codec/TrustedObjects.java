package org.multiprocessing4j.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;

/**
 * Reads what a parent wrote for its own child over the private boot pipe: the child's entry,
 * whose classes are the application's and cannot be known to an allow-list. Only the JVM-wide
 * filter ({@code jdk.serialFilter}) applies. Never for bytes from any other source: those go
 * through the {@link org.multiprocessing4j.serialization.Serializer}, which filters.
 *
 * <p>Leaving the per-stream filter out also spares every child the start-up of the JDK's
 * filter logging, tens of milliseconds on the path of every start.
 */
public final class TrustedObjects {
    private TrustedObjects() {
    }

    /** The object in {@code length} bytes at {@code offset}, written by the parent of this process. */
    public static Object read(byte[] bytes, int offset, int length) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new InvalidClassException(e.getMessage(), "class not found in this child: " + e.getMessage());
        }
    }
}
