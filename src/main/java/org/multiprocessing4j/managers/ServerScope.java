package org.multiprocessing4j.managers;

import java.util.ArrayList;
import java.util.List;

/**
 * What a server's thread is doing with a message, for the proxies inside it: while a request
 * is read, a proxy of this server's own objects becomes a {@link LocalRef} (CPython's
 * {@code RebuildProxy} finds {@code server.address == token.address}); while a reply is
 * written, a stored proxy pins its object for the connection.
 */
final class ServerScope {
    private static final ThreadLocal<ServerScope> CURRENT = new ThreadLocal<>();

    private final Server server;
    private final ObjectTable.Owner pins;
    /** Made on the first stored proxy: most requests carry none. */
    private List<LocalRef> decoded = List.of();

    private ServerScope(Server server, ObjectTable.Owner pins) {
        this.server = server;
        this.pins = pins;
    }

    /** Reading a request for {@code server}: collects the stored proxies it makes. */
    static ServerScope reading(Server server) {
        ServerScope scope = new ServerScope(server, null);
        CURRENT.set(scope);
        return scope;
    }

    /** Writing a reply whose stored proxies {@code pins} holds. */
    static ServerScope writing(Server server, ObjectTable.Owner pins) {
        ServerScope scope = new ServerScope(server, pins);
        CURRENT.set(scope);
        return scope;
    }

    /** Ends the scope on this thread. */
    void end() {
        CURRENT.remove();
    }

    /** The server reading a request on this thread, or null. */
    static Server readingServer() {
        ServerScope scope = CURRENT.get();
        return scope == null || scope.pins != null ? null : scope.server;
    }

    /** Records a stored proxy made while reading. */
    static void made(LocalRef ref) {
        ServerScope scope = CURRENT.get();
        if (scope != null) {
            if (scope.decoded.isEmpty()) {
                scope.decoded = new ArrayList<>();
            }
            scope.decoded.add(ref);
        }
    }

    /** The stored proxies the request held. */
    List<LocalRef> decoded() {
        return decoded;
    }

    /** The pins of the reply being written on this thread, or null. */
    static ObjectTable.Owner pinsOfReply() {
        ServerScope scope = CURRENT.get();
        return scope == null ? null : scope.pins;
    }
}
