package org.multiprocessing4j.managers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the method calls of one client thread on its persistent connection: Python's
 * {@code Server.serve_client}. Each request {@code (ident, methodname, args, kwds)} is answered
 * with {@code #RETURN}, {@code #ERROR} (the exception the method raised), {@code #PROXY} (a
 * result shared as a new object, for {@code method_to_typeid}), {@code #TRACEBACK} (no such
 * object, a method not exposed, a malformed request) or {@code #UNSERIALIZABLE}.
 *
 * <p>Unlike CPython's, a call that waits (a {@code get} on an empty queue, an {@code acquire})
 * ends when its client goes away, and a value such a call took goes back when its reply cannot
 * be sent, so that a killed client loses nothing for the others.
 */
final class ClientLoop {
    private final Server server;
    private final Peer peer;

    ClientLoop(Server server, Peer peer) {
        this.server = server;
        this.peer = peer;
    }

    void run() throws IOException, InterruptedException {
        peer.serveOnThisThread();
        while (!server.isStopping()) {
            Peer.Received received = peer.next();
            if (received == null) {
                continue;
            }
            Object result = null;
            Reply reply;
            try {
                result = call(received.request);
                reply = reply(received.request, result);
            } catch (InterruptedException e) {
                if (peer.gone || server.isStopping()) {
                    return;
                }
                reply = new Reply(Reply.ERROR, e);
            } finally {
                received.releaseUnkept();
            }
            deliver(reply, result);
        }
    }

    /** Runs the request; a {@link Reply} for what is no call (an unknown object, a method not exposed). */
    private Object call(Request request) throws InterruptedException {
        ObjectTable.Entry entry;
        try {
            entry = server.table().get(request.getIdent());
        } catch (RuntimeException unknown) {
            return new Reply(Reply.TRACEBACK, Tracebacks.of(unknown));
        }
        String method = request.getMethod();
        if (!entry.exposedSet.contains(method)) {
            return fallback(entry, method);
        }
        Referent referent = entry.referent;
        boolean watched = referent.mayBlock(method);
        if (watched) {
            server.watch().begin(peer);
        }
        try {
            return new Called(referent.call(method, request.getArgs(), request.getKwds()), null, entry);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return new Called(null, e, entry);
        } finally {
            if (watched) {
                server.watch().end(peer);
            }
        }
    }

    /** Python's {@code fallback_mapping}: {@code #GETVALUE}, {@code __str__}, {@code __repr__}; else a traceback. */
    private static Reply fallback(ObjectTable.Entry entry, String method) {
        switch (method) {
            case "#GETVALUE":
                return Reply.returning(entry.referent.copy());
            case "__str__":
            case "__repr__":
                return Reply.returning(entry.referent.repr());
            default:
                return new Reply(Reply.TRACEBACK, "AttributeError: method '" + method + "' of "
                        + entry.typeid + " object is not in exposed=" + entry.exposedSet);
        }
    }

    /** The reply to a call: its value, its exception, or the new shared object of {@code method_to_typeid}. */
    private Reply reply(Request request, Object result) {
        if (result instanceof Reply) {
            return (Reply) result;
        }
        Called called = (Called) result;
        if (called.error != null) {
            return new Reply(Reply.ERROR, called.error);
        }
        Object value = Outcome.valueOf(called.value);
        String typeid = called.entry.methodToTypeid.get(request.getMethod());
        if (typeid == null) {
            return Reply.returning(value);
        }
        try {
            // CPython's serve_client: create(conn, typeid, res); the client takes it over.
            ObjectTable.Entry shared = server.methods().share(typeid, value, null);
            List<Object> payload = new ArrayList<>(2);
            payload.add(new ArrayList<>(shared.exposed));
            payload.add(new Token(typeid, server.getAddress(), shared.ident));
            return new Reply(Reply.PROXY, payload);
        } catch (RuntimeException e) {
            return new Reply(Reply.TRACEBACK, Tracebacks.of(e));
        }
    }

    /**
     * Sends the reply; undoes the call if it cannot be. What the call removed is released once
     * the reply is encoded (its stored proxies pinned if the reply carries them), before it is
     * sent, so that a client that reads the reply finds the count already down; a call that
     * can be undone releases only once its reply is sent.
     */
    private void deliver(Reply reply, Object result) throws IOException {
        Outcome outcome = result instanceof Called && ((Called) result).value instanceof Outcome
                ? (Outcome) ((Called) result).value : null;
        if (outcome != null && outcome.undo != null && peer.connection.poll()) {
            // A client waiting for its reply sends nothing: a readable connection is a client
            // that died (over TCP a write would still succeed after its end). It gets nothing.
            undo(outcome);
            throw new java.io.EOFException("the client went away before its reply");
        }
        Peer.Encoded encoded = peer.encode(reply);
        boolean releaseFirst = outcome != null && outcome.removed != null && outcome.undo == null && encoded.whole;
        if (releaseFirst) {
            Nested.release(outcome.removed);
        }
        try {
            peer.connection.sendBytes(encoded.bytes);
        } catch (IOException gone) {
            undo(outcome);
            throw gone;
        }
        if (!encoded.whole) {
            undo(outcome);
        } else if (!releaseFirst && outcome != null && outcome.removed != null) {
            Nested.release(outcome.removed);
        }
    }

    private static void undo(Outcome outcome) {
        if (outcome != null && outcome.undo != null) {
            outcome.undo.run();
        }
    }

    /** What a method returned or raised, and whose method it was. */
    private static final class Called {
        final Object value;
        final Exception error;
        final ObjectTable.Entry entry;

        Called(Object value, Exception error, ObjectTable.Entry entry) {
            this.value = value;
            this.error = error;
            this.entry = entry;
        }
    }
}
