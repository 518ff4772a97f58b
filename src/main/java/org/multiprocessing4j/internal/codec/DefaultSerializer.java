package org.multiprocessing4j.internal.codec;

import org.multiprocessing4j.serialization.Serializer;

import java.util.Objects;

/**
 * The serializer of this process's default context, and so of every connection, queue and pool
 * made without one: {@link Serializer#standard()} in a main program; in a child, the serializer
 * of the context its parent started it through (set once at boot, before its entry is read).
 */
public final class DefaultSerializer {
    private static volatile Serializer inherited;

    private DefaultSerializer() {
    }

    /** The serializer of whatever was made without one. */
    public static Serializer get() {
        Serializer serializer = inherited;
        return serializer != null ? serializer : Serializer.standard();
    }

    /** Makes {@code serializer} this process's default: a child's boot does it. */
    public static void set(Serializer serializer) {
        inherited = Objects.requireNonNull(serializer, "serializer");
    }
}
