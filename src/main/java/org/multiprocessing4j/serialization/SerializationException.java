package org.multiprocessing4j.serialization;

import java.io.IOException;

/**
 * An object that could not be serialized or rebuilt: Python's {@code PicklingError} (and
 * {@code UnpicklingError}). It is what {@link Serializer#dumps} throws; reading throws
 * {@link IOException}s ({@link ClassRefusedException}, {@link SerializationLimitException}...),
 * which a method that cannot throw them (a queue's {@code get}, a pool's result) wraps in this,
 * with the same message.
 */
public class SerializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message and its cause. */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error with a message. */
    public SerializationException(String message) {
        super(message);
    }

    /** The unchecked form of a failure to read: {@code cause}'s message, and {@code cause}. */
    public SerializationException(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
