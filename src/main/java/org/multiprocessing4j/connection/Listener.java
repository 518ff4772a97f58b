package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Accepted;
import org.multiprocessing4j.internal.platform.Endpoint;
import org.multiprocessing4j.internal.platform.Endpoints;
import org.multiprocessing4j.internal.platform.Platform;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * A bound socket or named pipe that accepts connections: Python's
 * {@code multiprocessing.connection.Listener}. With an authkey, every accepted connection has
 * passed the mutual authentication handshake of {@link Authentication} before
 * {@link #accept()} returns it; nothing a client sends is deserialized before that.
 *
 * <pre>{@code
 * try (Listener listener = new Listener("localhost:0", 1, secret)) {
 *     // a client: Client.connect(listener.getAddress(), secret)
 *     try (Connection conn = listener.accept()) {
 *         conn.send("welcome");
 *     }
 * }
 * }</pre>
 *
 * <p>A Unix socket file is removed when the listener is closed. A listener reachable from a
 * {@link org.multiprocessing4j.Process}'s target is inherited by the child at {@code start()},
 * which can then accept on it; the file stays the parent's to remove. It can be waited on with
 * {@link org.multiprocessing4j.Multiprocessing#wait}: it is ready when a client is waiting (on
 * POSIX; a Windows named-pipe listener has no such state and is reported ready at once).
 * On Windows, TCP and named pipes are supported; Unix addresses throw
 * {@link UnsupportedOperationException}.
 */
public final class Listener implements AutoCloseable, Waitable, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient OsHandle handle;
    private final transient Address address;
    private final transient byte[] authkey;
    private final transient Object acceptLock = new Object();
    private transient volatile Address lastAccepted;

    /** A listener on an arbitrary address of the default family, without authentication: {@code Listener()}. */
    public Listener() throws IOException {
        this(Address.arbitrary(), 1, null);
    }

    /** {@code Listener(address)}, the address as {@link Address#parse} reads it; no authentication. */
    public Listener(String address) throws IOException {
        this(Address.parse(address), 1, null);
    }

    /** {@code Listener(address, backlog=backlog, authkey=authkey)}, the address as {@link Address#parse} reads it. */
    public Listener(String address, int backlog, byte[] authkey) throws IOException {
        this(Address.parse(address), backlog, authkey);
    }

    /**
     * Python's {@code Listener(address, backlog, authkey)}.
     *
     * @param address where to listen; null for {@link Address#arbitrary()}
     * @param backlog how many clients may wait to be accepted (the system may round it up)
     * @param authkey the shared secret clients must prove they have, or null (or empty, as in
     *                CPython) for no authentication
     * @throws IOException if the address cannot be bound: in use, a socket file that exists,
     *                     a path too long
     */
    public Listener(Address address, int backlog, byte[] authkey) throws IOException {
        Address requested = address != null ? address : Address.arbitrary();
        Endpoints endpoints = Platform.endpoints();
        long listening = endpoints.listen(requested.endpoint(), backlog);
        Endpoint local;
        try {
            local = endpoints.localEndpoint(listening, requested.endpoint());
        } catch (IOException | RuntimeException e) {
            Platform.descriptors().close(listening);
            throw e;
        }
        Endpoint bound = requested.endpoint();
        boolean socketFile = bound.family() == Endpoint.Family.UNIX && !bound.isAbstract();
        this.handle = new OsHandle(this, listening, socketFile ? Path.of(bound.path()) : null);
        this.address = new Address(local);
        this.authkey = authkey == null ? null : authkey.clone();
    }

    /** A listener a child inherited: it does not remove the socket file, the parent does. */
    private Listener(long listening, Address address, byte[] authkey) {
        this.handle = new OsHandle(this, listening, null);
        this.address = address;
        this.authkey = authkey;
    }

    /**
     * Waits for a client and returns its connection, after the authentication handshake when
     * the listener has an authkey (this side challenges first, then answers): Python's
     * {@code accept()}. A client that fails the handshake is disconnected.
     *
     * @throws AuthenticationException if the client failed the handshake
     * @throws IOException if the listener is closed or accepting failed
     */
    public Connection accept() throws IOException {
        Connection connection;
        synchronized (acceptLock) {
            Accepted accepted = Platform.endpoints().accept(handle.value(), address.endpoint());
            handle.replace(accepted.listener());
            lastAccepted = new Address(accepted.peer());
            connection = new Connection(accepted.connection(), true, true);
        }
        boolean authenticate = authkey != null && authkey.length > 0;
        return authenticate ? Authentication.mutual(connection, authkey, true) : connection;
    }

    /** The address listened on, with the port the system chose for port 0: Python's {@code address}. */
    public Address getAddress() {
        return address;
    }

    /** The address of the last client accepted, or null: Python's {@code last_accepted}. */
    public Address getLastAccepted() {
        return lastAccepted;
    }

    /** Stops listening and removes the socket file; a second call does nothing. Python's {@code close()}. */
    @Override
    public void close() {
        handle.close();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return handle.isClosed();
    }

    @Override
    public long waitHandle() {
        if (handle.isClosed()) {
            throw new IllegalStateException("cannot wait on a closed listener");
        }
        return handle.rawValue();
    }

    @Override
    public String toString() {
        return "Listener[" + address + (isClosed() ? ", closed" : "") + "]";
    }

    private Object writeReplace() throws ObjectStreamException {
        if (isClosed()) {
            throw new InvalidObjectException("a closed listener cannot be handed to a child");
        }
        return new Inherited(Handoff.register(handle.rawValue(), "Listener"), address, authkey);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Listener is rebuilt from its inherited form only");
    }

    /** A listener as it travels to a child: its inherited descriptor's index, address and authkey. */
    private static final class Inherited implements Serializable {
        private static final long serialVersionUID = 1L;

        private final int index;
        private final Address address;
        private final byte[] authkey;

        Inherited(int index, Address address, byte[] authkey) {
            this.index = index;
            this.address = address;
            this.authkey = authkey;
        }

        private Object readResolve() {
            return new Listener(Handoff.inherited(index), address, authkey);
        }
    }
}
