package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.serialization.Serializer;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * One connection the server accepted, as its serving thread uses it: a request read (proxies of
 * this server's objects becoming {@link LocalRef}s), a reply written (stored proxies pinned for
 * it), and the pins released once the client sent its next request or went away.
 */
final class Peer {
    final Connection connection;
    final Thread thread;
    final ObjectTable.Owner pins;
    private final Server server;
    /** The client's frames: the manager's serializer, or CPython's pickle if its first frame was one. */
    private volatile Serializer serializer;
    private boolean firstRead = true;
    private static final ThreadLocal<Peer> SERVING = new ThreadLocal<>();
    /** The locks and semaphores this client acquired and has not released: released for it when it goes. */
    private final java.util.Set<Holdings> holdings = new java.util.HashSet<>();
    /** Set when the watcher found the client gone while its call waited. */
    volatile boolean gone;
    private volatile String name;

    Peer(Server server, Connection connection, Serializer serializer) {
        this.server = server;
        this.connection = connection;
        this.serializer = serializer;
        this.thread = Thread.currentThread();
        this.name = connection.toString();
        this.pins = ObjectTable.Owner.pins(name);
    }

    /** The client whose call the current thread serves, or null. */
    static Peer serving() {
        return SERVING.get();
    }

    /** Marks the current thread as serving this client. */
    void serveOnThisThread() {
        SERVING.set(this);
    }

    /** Records that this client holds something of {@code holdings}. */
    synchronized void holds(Holdings held) {
        holdings.add(held);
    }

    /** Releases what the client still holds: it went away. Runs on its serving thread. */
    void releaseHoldings() {
        java.util.List<Holdings> held;
        synchronized (this) {
            held = new java.util.ArrayList<>(holdings);
            holdings.clear();
        }
        for (Holdings h : held) {
            h.releaseAllOf(this);
        }
        SERVING.remove();
    }

    String name() {
        return name;
    }

    void rename(String newName) {
        name = newName;
    }

    /**
     * Waits for the next request and reads it: at most {@code timeout}, interruptibly, for a
     * connection's first request; for ever when {@code timeout} is null, in a plain read (a wait
     * that could be interrupted costs a system call and a wake-up per request, a third of a
     * call's time: an idle connection of a server that stopped ends with its next request).
     *
     * @return null if none came in time
     * @throws EOFException when the client closed its end
     * @throws IOException if the stream is broken (a frame cut short, a length too large): the
     *                     connection is out of step and must be closed
     * @throws InterruptedException if the server is stopping
     * @throws RuntimeException if the frame is no request (garbage, a refused class): the
     *                          stream is still in step, and the client gets a {@code #TRACEBACK}
     */
    Received receive(Duration timeout) throws IOException, InterruptedException {
        if (timeout != null && !connection.poll(timeout)) {
            return null;
        }
        byte[] bytes = connection.recvBytes();
        if (firstRead) {
            firstRead = false;
            if (ManagerPickle.isPickle(bytes, 0, bytes.length)) {
                serializer = ManagerPickle.INSTANCE;
            }
        }
        ServerScope scope = ServerScope.reading(server);
        try {
            return new Received(Request.from(serializer.loads(bytes, 0, bytes.length)), scope,
                    serializer == ManagerPickle.INSTANCE);
        } catch (RuntimeException malformed) {
            Received.releaseAll(scope);
            throw malformed;
        } catch (StackOverflowError nestedTooDeep) {
            Received.releaseAll(scope);
            throw new org.multiprocessing4j.serialization.SerializationException(
                    "a request nested too deeply to read (" + bytes.length + " bytes)", nestedTooDeep);
        } finally {
            scope.end();
        }
    }

    /**
     * The next request of a persistent connection, waiting for ever (interruptibly); null after
     * answering a malformed one with {@code #TRACEBACK}. Either way the last reply's pins go:
     * the client has read it and taken its references.
     */
    Received next() throws IOException, InterruptedException {
        Received received;
        try {
            received = receive(null);
        } catch (RuntimeException malformed) {
            unpin();
            send(new Reply(Reply.TRACEBACK, Tracebacks.of(malformed)));
            return null;
        }
        unpin();
        return received;
    }

    /**
     * Serializes {@code reply}, pinning the stored proxies it carries; a reply that cannot be
     * serialized becomes {@code #UNSERIALIZABLE} (nothing of it is sent).
     */
    Encoded encode(Reply reply) {
        ServerScope scope = ServerScope.writing(server, pins);
        try {
            return new Encoded(serializer.dumps(reply), true);
        } catch (RuntimeException unserializable) {
            server.table().release(pins);
            return new Encoded(serializer.dumps(new Reply(Reply.UNSERIALIZABLE, Tracebacks.of(unserializable))), false);
        } finally {
            scope.end();
        }
    }

    /**
     * Serializes and sends {@code reply}.
     *
     * @return false if the reply was not the one sent (unserializable)
     * @throws IOException if the client is gone
     */
    boolean send(Reply reply) throws IOException {
        Encoded encoded = encode(reply);
        connection.sendBytes(encoded.bytes);
        return encoded.whole;
    }

    /** A reply's bytes, and whether they are that reply (not {@code #UNSERIALIZABLE}). */
    static final class Encoded {
        final byte[] bytes;
        final boolean whole;

        Encoded(byte[] bytes, boolean whole) {
            this.bytes = bytes;
            this.whole = whole;
        }
    }

    /** Releases what the last reply pinned: the client has taken its references. */
    void unpin() {
        server.table().release(pins);
    }

    /** A request, the stored proxies made while reading it, and whether a CPython client sent it. */
    static final class Received {
        final Request request;
        final boolean fromPython;
        private final ServerScope scope;

        Received(Request request, ServerScope scope, boolean fromPython) {
            this.request = request;
            this.scope = scope;
            this.fromPython = fromPython;
        }

        /** Releases the stored proxies of the request that no managed object kept. */
        void releaseUnkept() {
            for (LocalRef ref : scope.decoded()) {
                if (!ref.isKept()) {
                    ref.release();
                }
            }
        }

        /** Marks every stored proxy of the request as kept: a new object, or one of a registered class, holds them. */
        void keepAll() {
            for (LocalRef ref : scope.decoded()) {
                ref.keep();
            }
        }

        static void releaseAll(ServerScope scope) {
            for (LocalRef ref : scope.decoded()) {
                ref.release();
            }
        }
    }
}
