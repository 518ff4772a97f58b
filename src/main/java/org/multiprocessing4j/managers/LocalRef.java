package org.multiprocessing4j.managers;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.lang.ref.Cleaner;

/**
 * A proxy that reached the server holding its object (an argument of {@code l.append(d)},
 * {@code m.Condition(lock)}): CPython's "manager owned" proxy. It is not a client of the server
 * but a reference the server holds for the managed object that stores it, released when the
 * object drops it ({@link Nested#release}), when the object itself is freed, or, for objects of
 * registered classes that keep it out of sight, when it is garbage collected. Sent back to a
 * client it becomes a proxy again, pinned by the connection until the client took its own
 * reference.
 */
final class LocalRef implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Cleaner CLEANER = Cleaner.create(r -> org.multiprocessing4j.internal.runtime.Threads.daemon("manager-refs", r));

    private final transient Server server;
    private final transient ObjectTable.Entry entry;
    private final transient ObjectTable.Owner holder;
    private final transient Cleaner.Cleanable cleanable;
    private transient boolean kept;

    private LocalRef(Server server, ObjectTable.Entry entry, ObjectTable.Owner holder) {
        this.server = server;
        this.entry = entry;
        this.holder = holder;
        this.cleanable = CLEANER.register(this, new Release(server.table(), entry.ident, holder));
    }

    /** A reference to {@code ident} held by {@code server}'s stored proxies. */
    static LocalRef to(Server server, String ident) {
        ObjectTable.Entry entry = server.table().incref(ident, server.storedProxies());
        return new LocalRef(server, entry, server.storedProxies());
    }

    /**
     * What a proxy of {@code token} becomes while the manager that holds its object reads it (a
     * request's argument): a reference of the server's own; null anywhere else.
     *
     * @throws InvalidObjectException if the object was freed
     */
    static LocalRef ifReadByItsManager(Token token) throws InvalidObjectException {
        Server server = ServerScope.readingServer();
        if (server == null || !server.owns(token.getAddress())) {
            return null;
        }
        try {
            LocalRef ref = to(server, token.getId());
            ServerScope.made(ref);
            return ref;
        } catch (RuntimeException freed) {
            InvalidObjectException failure = new InvalidObjectException("the shared object " + token + " was freed");
            failure.initCause(freed);
            throw failure;
        }
    }

    /** The object it refers to, for the server's own use (a condition's lock). */
    Referent referent() {
        return entry.referent;
    }

    /** Marks it as stored by a managed object; the arguments of a call that no object stored are released after it. */
    void keep() {
        kept = true;
    }

    boolean isKept() {
        return kept;
    }

    /** Drops the server's reference; a second call does nothing. */
    void release() {
        cleanable.clean();
    }

    /** A reference less, once: the action of {@link #release()} and of the cleaner. */
    private static final class Release implements Runnable {
        private final ObjectTable table;
        private final String ident;
        private final ObjectTable.Owner holder;

        Release(ObjectTable table, String ident, ObjectTable.Owner holder) {
            this.table = table;
            this.ident = ident;
            this.holder = holder;
        }

        @Override
        public void run() {
            try {
                table.decref(ident, holder);
            } catch (RuntimeException alreadyGone) {
                // The server shut down and dropped everything.
            }
        }
    }

    /** Goes to a client as the proxy it was, pinned by the reply's connection until the client holds it. */
    private Object writeReplace() throws ObjectStreamException {
        if (ServerScope.pinsOfReply() == null) {
            throw new InvalidObjectException("a stored proxy can only be sent in a reply of its manager");
        }
        return replacementInReply();
    }

    /**
     * The proxy a client rebuilds, pinned by the reply being written until the client holds it.
     *
     * @throws org.multiprocessing4j.serialization.SerializationException outside a reply of its manager
     */
    ProxyReference replacementInReply() {
        ObjectTable.Owner pins = ServerScope.pinsOfReply();
        if (pins == null) {
            throw new org.multiprocessing4j.serialization.SerializationException(
                    "a stored proxy can only be sent in a reply of its manager");
        }
        server.table().take(entry, pins);
        return server.referenceTo(entry);
    }

    @Override
    public String toString() {
        return "<stored proxy of " + entry.typeid + " '" + entry.ident + "'>";
    }
}
