package org.multiprocessing4j.serialization;

import java.io.ObjectStreamException;

/**
 * A serializer refused bytes that would exceed one of its bounds (nesting depth, an array's
 * length, the number of objects, the nesting of hash-based collections), before building what
 * they announce. The message names the limit and its value.
 */
public class SerializationLimitException extends ObjectStreamException {
    private static final long serialVersionUID = 1L;

    private final String limit;
    private final long value;

    /**
     * An exception for the limit named {@code limit} (e.g. {@code "depth"}), whose bound is
     * {@code value}, with the whole message given.
     */
    public SerializationLimitException(String limit, long value, String message) {
        super(message);
        this.limit = limit;
        this.value = value;
    }

    /** Which limit: {@code "depth"}, {@code "array length"}, {@code "references"}, {@code "hash nesting"}, {@code "bytes"}. */
    public String getLimit() {
        return limit;
    }

    /** The bound that was exceeded. */
    public long getLimitValue() {
        return value;
    }
}
