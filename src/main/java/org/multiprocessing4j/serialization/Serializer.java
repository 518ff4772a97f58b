package org.multiprocessing4j.serialization;

/**
 * Turns objects into bytes and back for everything that crosses a process boundary: Python's
 * {@code multiprocessing.reduction} (pickle). The default is {@link JavaSerializer}.
 */
public interface Serializer {

    /** The serializer used when none is chosen. */
    static Serializer standard() {
        return JavaSerializer.INSTANCE;
    }

    /**
     * Serializes {@code object}.
     *
     * @throws SerializationException if the object (or something it refers to) cannot be
     *                                serialized; the message names what could not
     */
    byte[] dumps(Object object);

    /**
     * Rebuilds an object from {@code length} bytes at {@code offset}.
     *
     * @throws SerializationException if the bytes are not a valid serialized object, refer to
     *                                a class that cannot be loaded, or are refused by the filter
     */
    Object loads(byte[] bytes, int offset, int length);
}
