package org.multiprocessing4j.internal.platform;

/**
 * What {@link Endpoints#accept(long, Endpoint)} gives.
 *
 * @param connection the connected descriptor or handle, close-on-exec / non-inheritable
 * @param listener   what to accept the next client on: the same listener, except for a Windows
 *                   named pipe, where each client takes a pipe instance and a new one listens
 * @param peer       the client's address (an unnamed Unix socket has the empty path)
 */
public record Accepted(long connection, long listener, Endpoint peer) {
}
