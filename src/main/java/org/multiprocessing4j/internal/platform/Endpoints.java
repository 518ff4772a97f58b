package org.multiprocessing4j.internal.platform;

import java.io.IOException;

/**
 * Listening and connecting: TCP and Unix domain sockets on POSIX, TCP and named pipes on
 * Windows. The connected descriptors are read and written through {@link Descriptors}.
 * CPython's {@code SocketListener}, {@code PipeListener} and their clients.
 */
public interface Endpoints {

    /**
     * A listening endpoint, close-on-exec / non-inheritable: a socket bound to a TCP or Unix
     * address ({@code SO_REUSEADDR} for TCP, as CPython), or, on Windows, the first instance of
     * a named pipe.
     *
     * @throws IOException if the address is in use or cannot be bound; the message names it
     * @throws UnsupportedOperationException for a family this system has no support for
     */
    long listen(Endpoint endpoint, int backlog) throws IOException;

    /** The address {@code listener} is bound to, with the port the system chose for port 0. */
    Endpoint localEndpoint(long listener, Endpoint requested) throws IOException;

    /**
     * Waits for a client on {@code listener} (made by {@link #listen} for {@code endpoint}) and
     * returns its connection and what to listen on next.
     */
    Accepted accept(long listener, Endpoint endpoint) throws IOException;

    /**
     * A connection to a listening endpoint, close-on-exec / non-inheritable. A Windows named
     * pipe whose instances are all busy is waited for up to 20 s, as CPython's PipeClient does.
     */
    long connect(Endpoint endpoint) throws IOException;

    /** The family of an arbitrary listener address: Unix sockets on POSIX, named pipes on Windows. */
    Endpoint.Family defaultFamily();
}
