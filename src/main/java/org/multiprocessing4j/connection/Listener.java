package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Endpoint;
import org.multiprocessing4j.internal.platform.Endpoints;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

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
 * // Every setting, by name:
 * Listener listener = Listener.builder().address("localhost:0").authkey(secret)
 *         .handshakeTimeout(Duration.ofSeconds(5)).open();
 * }</pre>
 *
 * <p><b>Handshakes run beside accepting.</b> CPython's {@code accept()} runs each client's
 * handshake itself, one client after the other, so a client that connects and says nothing
 * holds up every other one. Here, from the first {@link #accept()} (or {@link #waitHandle()})
 * on, a thread takes clients from the system's backlog and hands each to a handshake thread;
 * {@code accept()} returns the next connection that authenticated. A slow, silent or dying peer
 * holds up one handshake for at most the handshake timeout (20 s by default, the
 * {@code CONNECTION_TIMEOUT} of CPython's clients; {@link Builder#handshakeTimeout}), and
 * nobody else. At most {@link Builder#maxPending} clients (64 by default) are held at once, in a
 * handshake or authenticated and waiting for {@code accept()}; while that many are, further
 * clients wait in the system's backlog, not in this process, so threads and descriptors stay
 * bounded whatever arrives. The clients held are the listener's own: {@link #close()} closes
 * them.
 *
 * <p><b>A failed handshake is not an exception of {@code accept()}.</b> CPython's {@code accept()}
 * raises {@code AuthenticationError} for a client that failed; with handshakes running side by
 * side that exception would come out of the {@code accept()} that a good client is waiting on,
 * and cost it its connection. So a client that fails (wrong key, garbage, a message too long, no
 * answer in time, gone mid-way) is disconnected (a wrong key is told {@code #FAILURE#}, as by
 * CPython, so the client's own {@code AuthenticationException} says "digest sent was rejected"),
 * the failure is logged at DEBUG on {@code multiprocessing4j.connection}, and {@code accept()}
 * goes on waiting for a client that authenticates.
 *
 * <p>The default backlog is {@value #DEFAULT_BACKLOG}, not CPython's 1: with 1, a burst of
 * clients overflows the system's queue, and TCP clients are then held back by retransmissions
 * for seconds or time out. The system caps it ({@code net.core.somaxconn} on Linux, 4096 since
 * Linux 5.4; 128 on macOS).
 *
 * <p>A Unix socket file is removed when the listener is closed. A listener reachable from a
 * {@link org.multiprocessing4j.Process}'s target is inherited by the child at {@code start()},
 * which can then accept on it; the file stays the parent's to remove. Once a listener has
 * accepted, it takes clients in the background until closed, so a parent that hands a listener
 * to a child should not accept on it too (as in CPython, two processes accepting on one socket
 * share its clients at random). It can be waited on with
 * {@link org.multiprocessing4j.Multiprocessing#wait}: it is ready when {@code accept()} would
 * return at once, that is when a client has authenticated (also for Windows named pipes).
 * On Windows, TCP and named pipes are supported; Unix addresses throw
 * {@link UnsupportedOperationException}.
 */
public final class Listener implements AutoCloseable, Waitable, Serializable {
    /** The backlog of the constructors and the builder that do not take one. */
    public static final int DEFAULT_BACKLOG = 256;
    /** How long a client's whole handshake may take unless {@link Builder#handshakeTimeout} says otherwise. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Authentication.TIMEOUT;
    /** How many clients are held at once (in a handshake, or waiting for {@code accept()}) unless {@link Builder#maxPending} says otherwise. */
    public static final int DEFAULT_MAX_PENDING = 64;
    private static final long serialVersionUID = 1L;

    private final transient Acceptor acceptor;
    private final transient Cleaner.Cleanable cleanable;
    private final transient Address address;
    private final transient byte[] authkey;
    private final transient Duration handshakeTimeout;
    private final transient int maxPending;
    /** The serializer of accepted connections; null: this process's default. */
    private final transient Serializer serializer;
    private transient volatile Address lastAccepted;

    /** A listener on an arbitrary address of the default family, without authentication: {@code Listener()}. */
    public Listener() throws IOException {
        this(builder());
    }

    /**
     * {@code Listener(address)}, the address as {@link Address#parse} reads it; no
     * authentication.
     *
     * @throws NullPointerException     if {@code address} is null ({@link #Listener()} takes an arbitrary one)
     * @throws IllegalArgumentException if {@code address} is not an address
     */
    public Listener(String address) throws IOException {
        this(builder().address(address));
    }

    /**
     * {@code Listener(address, backlog=backlog, authkey=authkey)}, the address as
     * {@link Address#parse} reads it.
     *
     * @throws NullPointerException     if {@code address} is null
     * @throws IllegalArgumentException if {@code address} is not an address, or {@code backlog} is negative
     */
    public Listener(String address, int backlog, byte[] authkey) throws IOException {
        this(builder().address(address).backlog(backlog).authkey(authkey));
    }

    /**
     * Python's {@code Listener(address, backlog, authkey)}.
     *
     * @param address where to listen; null for {@link Address#arbitrary()}
     * @param backlog how many clients the system keeps waiting to be accepted (it may round it
     *                up, and caps it)
     * @param authkey the shared secret clients must prove they have, or null (or empty, as in
     *                CPython) for no authentication
     * @throws IllegalArgumentException if {@code backlog} is negative
     * @throws IOException if the address cannot be bound: in use, a socket file that exists,
     *                     a path too long
     */
    public Listener(Address address, int backlog, byte[] authkey) throws IOException {
        this(builder().address(address).backlog(backlog).authkey(authkey));
    }

    private Listener(Builder settings) throws IOException {
        Address requested = settings.address != null ? settings.address : Address.arbitrary();
        Endpoints endpoints = Platform.endpoints();
        long listening = endpoints.listen(requested.endpoint(), settings.backlog);
        Endpoint local;
        try {
            local = endpoints.localEndpoint(listening, requested.endpoint());
        } catch (IOException | RuntimeException e) {
            Platform.descriptors().close(listening);
            throw e;
        }
        Endpoint bound = requested.endpoint();
        boolean socketFile = bound.family() == Endpoint.Family.UNIX && !bound.isAbstract();
        this.address = new Address(local);
        this.authkey = settings.authkey;
        this.handshakeTimeout = settings.handshakeTimeout;
        this.maxPending = settings.maxPending;
        this.serializer = settings.serializer;
        this.acceptor = new Acceptor(listening, local, authenticating(authkey), handshakeTimeout, maxPending,
                socketFile ? Path.of(bound.path()) : null);
        this.cleanable = OsHandle.whenUnreachable(this, acceptor::close);
    }

    /** A listener a child inherited: it does not remove the socket file, the parent does. */
    private Listener(long listening, Address address, byte[] authkey, Duration handshakeTimeout, int maxPending,
                     Serializer serializer) {
        this.address = address;
        this.serializer = serializer;
        this.authkey = authkey;
        this.handshakeTimeout = handshakeTimeout;
        this.maxPending = maxPending;
        this.acceptor = new Acceptor(listening, address.endpoint(), authenticating(authkey), handshakeTimeout,
                maxPending, null);
        this.cleanable = OsHandle.whenUnreachable(this, acceptor::close);
    }

    /** The key to run handshakes with: none for null or empty, as CPython's {@code if self._authkey}. */
    private static byte[] authenticating(byte[] authkey) {
        return authkey != null && authkey.length > 0 ? authkey : null;
    }

    /**
     * The settings of a listener, each by name; {@link Builder#open()} binds it.
     *
     * <pre>{@code
     * Listener listener = Listener.builder().address("127.0.0.1:0").authkey(secret).open();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Waits for a client that authenticates and returns its connection: Python's
     * {@code accept()}. With an authkey, the listener challenges first and then answers, as
     * CPython's does. A client that fails the handshake is disconnected and logged, and this
     * goes on waiting (see the class comment for why CPython's exception is not raised here).
     * Several threads may wait here at once; each client goes to one of them.
     *
     * @throws IOException                     if the listener is closed, before or while this waits
     *                                         ("listener is closed"), or accepting failed (no
     *                                         descriptors left, say: once per failure)
     * @throws java.io.InterruptedIOException  if the calling thread is interrupted while it
     *                                         waits; its interrupt status stays set
     */
    public Connection accept() throws IOException {
        try {
            Acceptor.Arrival arrival = acceptor.take();
            lastAccepted = arrival.peer();
            return serializer == null ? arrival.connection() : arrival.connection().withSerializer(serializer);
        } finally {
            // Unreachable while this waits, the listener would be closed under it by its cleaner.
            Reference.reachabilityFence(this);
        }
    }

    /** The address listened on, with the port the system chose for port 0: Python's {@code address}. */
    public Address getAddress() {
        return address;
    }

    /** The address of the last client accepted, or null: Python's {@code last_accepted}. */
    public Address getLastAccepted() {
        return lastAccepted;
    }

    /** How long a client's whole handshake may take before it is disconnected (CPython has no such setting). */
    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Stops listening, removes the socket file, wakes the threads waiting in {@link #accept()}
     * (with "listener is closed"), and disconnects the clients in a handshake or not yet
     * accepted; a second call does nothing. Python's {@code close()}. It waits for the
     * listener's threads, a few milliseconds as a rule and never more than a few seconds.
     */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return acceptor.isClosed();
    }

    /**
     * A descriptor that is ready while a connection waits to be accepted, so that
     * {@link #accept()} would return at once; starts the listener's accepting.
     *
     * @throws IllegalStateException if the listener is closed
     * @throws java.io.UncheckedIOException if the system refuses the descriptor or thread
     */
    @Override
    public long waitHandle() {
        return acceptor.readyHandle();
    }

    @Override
    public String toString() {
        return "Listener[" + address + (isClosed() ? ", closed" : "") + "]";
    }

    private Object writeReplace() throws ObjectStreamException {
        if (isClosed()) {
            throw new InvalidObjectException("a closed listener cannot be handed to a child");
        }
        return new Inherited(Handoff.register(acceptor.listeningHandle(), "Listener"), address, authkey,
                handshakeTimeout, maxPending, Connection.travelling(serializer));
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Listener is rebuilt from its inherited form only");
    }

    /**
     * The settings of a {@link Listener}: Python's keyword arguments, and what CPython does not
     * let one choose. Every setting has a default; {@link #open()} binds the listener.
     */
    public static final class Builder {
        private Address address;
        private int backlog = DEFAULT_BACKLOG;
        private byte[] authkey;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int maxPending = DEFAULT_MAX_PENDING;
        private Serializer serializer;

        private Builder() {
        }

        /** Where to listen; null (the default) for {@link Address#arbitrary()}. Python's {@code address}. */
        public Builder address(Address address) {
            this.address = address;
            return this;
        }

        /**
         * Where to listen, as {@link Address#parse} reads it. Python's {@code address}.
         *
         * @throws NullPointerException     if {@code address} is null (give an {@link Address} or nothing for an arbitrary one)
         * @throws IllegalArgumentException if it is not an address
         */
        public Builder address(String address) {
            this.address = Address.parse(address);
            return this;
        }

        /**
         * How many clients the system keeps waiting to be accepted; {@value Listener#DEFAULT_BACKLOG}
         * by default. Python's {@code backlog}.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder backlog(int backlog) {
            if (backlog < 0) {
                throw new IllegalArgumentException("backlog must not be negative: " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /**
         * The shared secret clients must prove they have; null or empty (the default) for no
         * authentication, as in CPython. Python's {@code authkey}. The array is copied.
         */
        public Builder authkey(byte[] authkey) {
            this.authkey = authkey == null ? null : authkey.clone();
            return this;
        }

        /**
         * How long a client's whole handshake may take before it is disconnected;
         * {@link Listener#DEFAULT_HANDSHAKE_TIMEOUT} (20 s) by default. A client that connects and says
         * nothing holds one of the {@link #maxPending} places that long.
         *
         * @throws NullPointerException     if {@code timeout} is null
         * @throws IllegalArgumentException if it is not positive
         */
        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive: " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * How many clients the listener holds at once, in a handshake (each on a thread of its
         * own) or authenticated and waiting for {@code accept()}; {@value Listener#DEFAULT_MAX_PENDING}
         * by default. Beyond that, clients wait in the system's backlog.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxPending(int maxPending) {
            if (maxPending < 1) {
                throw new IllegalArgumentException("maxPending must be at least 1: " + maxPending);
            }
            this.maxPending = maxPending;
            return this;
        }

        /**
         * The serializer of the connections {@link Listener#accept()} returns (a
         * {@code PickleSerializer} to exchange objects with CPython clients); by default this
         * process's.
         *
         * @throws NullPointerException if {@code serializer} is null
         */
        public Builder serializer(Serializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            return this;
        }

        /**
         * Binds the listener.
         *
         * @throws IOException if the address cannot be bound: in use, a socket file that exists,
         *                     a path too long
         */
        public Listener open() throws IOException {
            return new Listener(this);
        }
    }

    /** A listener as it travels to a child: its inherited descriptor's index, address and settings. */
    private static final class Inherited implements Serializable {
        private static final long serialVersionUID = 1L;

        private final int index;
        private final Address address;
        private final byte[] authkey;
        private final Duration handshakeTimeout;
        private final int maxPending;
        private final Serializer serializer;

        Inherited(int index, Address address, byte[] authkey, Duration handshakeTimeout, int maxPending,
                  Serializer serializer) {
            this.index = index;
            this.address = address;
            this.authkey = authkey;
            this.handshakeTimeout = handshakeTimeout;
            this.maxPending = maxPending;
            this.serializer = serializer;
        }

        private Object readResolve() {
            return new Listener(Handoff.inherited(index), address, authkey, handshakeTimeout, maxPending, serializer);
        }
    }
}
