package org.multiprocessing4j.serialization;

/** An object that could not be serialized or rebuilt: Python's {@code PicklingError}. */
public class SerializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message and its cause. */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
