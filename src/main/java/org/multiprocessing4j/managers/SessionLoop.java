package org.multiprocessing4j.managers;

import java.io.IOException;

/**
 * Serves a Java client process's session: its {@code create}, {@code incref}, {@code decref}
 * and {@code adopt} requests, whose references the session owns, and the server's other
 * methods. When the session ends — the process closed it, exited or was killed — every
 * reference it still holds is dropped, so a killed client leaks nothing (CPython keeps a dead
 * client's references for ever). A session costs no handshake per call either, where CPython
 * opens a connection for each incref and decref.
 */
final class SessionLoop {
    private final Server server;
    private final Peer peer;
    private final ObjectTable.Owner owner;

    SessionLoop(Server server, Peer peer) {
        this.server = server;
        this.peer = peer;
        this.owner = new ObjectTable.Owner("session of " + peer.name());
    }

    void run() throws IOException, InterruptedException {
        try {
            while (!server.isStopping()) {
                Peer.Received received = peer.next();
                if (received == null) {
                    continue;
                }
                Reply reply;
                try {
                    if (received.request.getIdent() != null) {
                        throw new IllegalArgumentException("a session calls the server's methods only (ident None)");
                    }
                    reply = Reply.returning(server.methods().call(received, owner));
                } catch (Exception e) {
                    reply = new Reply(Reply.TRACEBACK, Tracebacks.of(e));
                } finally {
                    received.releaseUnkept();
                }
                peer.send(reply);
            }
        } finally {
            server.table().release(owner);
        }
    }
}
