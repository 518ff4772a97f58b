package org.multiprocessing4j.connection;

import java.io.IOException;
import java.util.Objects;

/**
 * The buffer given to {@link Connection#recvBytesInto(byte[], int)} is too small for the
 * message: Python's {@code multiprocessing.BufferTooShort}. The message was read all the same
 * and is carried here ({@code e.args[0]} in Python), so nothing is lost from the connection.
 * An {@link IOException}, like every failure of a connection (see {@link AuthenticationException}).
 */
public class BufferTooShortException extends IOException {
    private static final long serialVersionUID = 1L;

    private final byte[] message;

    /** The exception for {@code message}, which did not fit into {@code available} bytes. */
    public BufferTooShortException(byte[] message, int available) {
        super("message of " + Objects.requireNonNull(message, "message").length + " bytes does not fit into the " + available
                + " bytes left in the buffer");
        this.message = message;
    }

    /** The whole message that did not fit (not a copy). */
    public byte[] getMessageBytes() {
        return message;
    }
}
