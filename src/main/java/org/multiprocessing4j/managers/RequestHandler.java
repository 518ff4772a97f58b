package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.runtime.Log;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * What the server does with a connection it accepted: Python's {@code handle_request}. The
 * first request is one of the server's methods; {@code accept_connection} turns the connection
 * into a client thread's persistent one ({@link ClientLoop}), {@code accept_session} into a
 * Java client's session ({@link SessionLoop}); any other gets its reply and the connection is
 * closed (CPython's one-shot {@code dispatch}).
 */
final class RequestHandler {
    /** How long a connection that authenticated may take to send its first request (CPython waits for ever). */
    static final Duration FIRST_REQUEST = Duration.ofSeconds(20);

    private final Server server;
    private final Connection connection;

    RequestHandler(Server server, Connection connection) {
        this.server = server;
        this.connection = connection;
    }

    void run() {
        Peer peer = new Peer(server, connection, server.serializer());
        if (!server.enter(peer)) {
            connection.close();
            return;
        }
        try {
            handle(peer);
        } catch (InterruptedException stopping) {
            ManagerLog.debug("manager: stopped while serving {}", peer.name());
        } catch (EOFException gone) {
            ManagerLog.debug("manager: {} closed its connection", peer.name());
        } catch (IOException | RuntimeException e) {
            ManagerLog.debug("manager: closing {}: {}", peer.name(), e.toString());
        } finally {
            server.leave(peer);
            // On the serving thread: an RLock the client took is this thread's to release.
            peer.releaseHoldings();
            peer.unpin();
            connection.close();
        }
    }

    private void handle(Peer peer) throws IOException, InterruptedException {
        Peer.Received received;
        try {
            received = peer.receive(FIRST_REQUEST);
        } catch (RuntimeException malformed) {
            peer.send(new Reply(Reply.TRACEBACK, Tracebacks.of(malformed)));
            return;
        }
        if (received == null) {
            ManagerLog.debug("manager: {} sent no request within {} s", peer.name(), FIRST_REQUEST.toSeconds());
            return;
        }
        Request request = received.request;
        String method = request.getMethod();
        boolean known = PublicMethods.PUBLIC.contains(method)
                || PublicMethods.ACCEPT_SESSION.equals(method) && server.acceptsSessions();
        if (!known || request.getIdent() != null) {
            received.releaseUnkept();
            peer.send(new Reply(Reply.TRACEBACK, "AssertionError: '" + method + "' unrecognized"
                    + (known ? " with an ident (the server's methods take None)" : "")));
            return;
        }
        switch (method) {
            case "accept_connection":
                peer.rename(name(request, peer));
                peer.send(Reply.returning(null));
                new ClientLoop(server, peer).run();
                return;
            case PublicMethods.ACCEPT_SESSION:
                peer.rename(name(request, peer));
                // The server's own address, so that the client recognises the proxies it sends back.
                peer.send(Reply.returning(server.getAddress().toString()));
                new SessionLoop(server, peer).run();
                return;
            case "shutdown":
                shutdown(peer);
                return;
            default:
                peer.send(oneShot(received));
        }
    }

    private Reply oneShot(Peer.Received received) {
        try {
            return Reply.returning(server.methods().call(received, null));
        } catch (PublicMethods.NotForPython e) {
            return new Reply(Reply.ERROR, e);
        } catch (Exception e) {
            return new Reply(Reply.TRACEBACK, Tracebacks.of(e));
        } finally {
            received.releaseUnkept();
        }
    }

    /**
     * Python's {@code Server.shutdown}: answers, and answers again as {@code _handle_request}
     * does, then stops the server. Both answers go before the stop: once stopped, the manager's
     * main thread returns and its process ends, which would cut the second one short.
     */
    private void shutdown(Peer peer) throws IOException {
        ManagerLog.info("manager received shutdown message");
        try {
            peer.send(Reply.returning(null));
            try {
                peer.send(Reply.returning(null));
            } catch (IOException clientClosedAfterTheFirst) {
                // CPython's client reads one and closes.
            }
        } finally {
            server.stop();
        }
    }

    private static String name(Request request, Peer peer) {
        Object name = request.getArgs().isEmpty() ? null : request.getArgs().get(0);
        return name instanceof String ? (String) name : peer.name();
    }
}
