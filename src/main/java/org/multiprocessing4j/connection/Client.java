package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.util.Objects;

/**
 * Python's {@code multiprocessing.connection.Client(address, authkey)}: a connection to a
 * {@link Listener}, a Java one or CPython's.
 */
public final class Client {
    private Client() {
    }

    /** {@code Client(address)}: connects without authentication. */
    public static Connection connect(String address) throws IOException {
        return connect(Address.parse(address), null);
    }

    /** {@code Client(address, authkey=authkey)}, the address as {@link Address#parse} reads it. */
    public static Connection connect(String address, byte[] authkey) throws IOException {
        return connect(Address.parse(address), authkey);
    }

    /**
     * Connects to {@code address} and, when {@code authkey} is not null (even if empty, as in
     * CPython), runs the handshake: this side answers the listener's challenge, then
     * challenges it.
     *
     * @throws NullPointerException if {@code address} is null
     * @throws AuthenticationException if either side rejects the other's key, or the listener
     *         does not complete the handshake within 20 s; the connection is closed
     * @throws IOException if nothing listens there (connection refused, no such socket file)
     */
    public static Connection connect(Address address, byte[] authkey) throws IOException {
        Objects.requireNonNull(address, "address");
        Connection connection = new Connection(Platform.endpoints().connect(address.endpoint()), true, true);
        return authkey == null ? connection
                : Authentication.mutual(connection, authkey, false, Deadline.in(Authentication.TIMEOUT));
    }

    /**
     * {@link #connect(Address, byte[])}, the connection sending and receiving objects with
     * {@code serializer}: a {@code PickleSerializer} to exchange objects with a CPython listener.
     */
    public static Connection connect(Address address, byte[] authkey, Serializer serializer) throws IOException {
        Objects.requireNonNull(serializer, "serializer");
        return connect(address, authkey).withSerializer(serializer);
    }
}
