package org.multiprocessing4j.connection;

import java.io.IOException;

/**
 * The authentication handshake failed: Python's {@code multiprocessing.AuthenticationError}.
 * The peer has the wrong authkey, or answered with something that is not a handshake message,
 * or not in time. It is an {@link IOException}, as every failure of a connection is here, so
 * that one {@code catch (IOException e)} covers a connection's whole life (the way
 * {@link javax.net.ssl.SSLHandshakeException} does for TLS).
 */
public class AuthenticationException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public AuthenticationException(String message) {
        super(message);
    }

    /** An error with a message and the failure behind it. */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
