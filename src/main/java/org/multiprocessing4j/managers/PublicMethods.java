package org.multiprocessing4j.managers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's own methods, called with {@code ident} None: Python's {@code Server.public}
 * ({@code create}, {@code incref}, {@code decref}, {@code get_methods}, {@code debug_info},
 * {@code number_of_objects}, {@code dummy}; {@code shutdown} and {@code accept_connection} are
 * the {@link RequestHandler}'s), and {@code adopt} on a session.
 */
final class PublicMethods {
    /** Python's {@code Server.public}. */
    static final Set<String> PUBLIC = Set.of("shutdown", "create", "accept_connection", "get_methods", "debug_info",
            "number_of_objects", "dummy", "incref", "decref");
    /** A Java client's per-process connection that owns its references (not in CPython). */
    static final String ACCEPT_SESSION = "accept_session";
    /** On a session: takes over the reference a {@code #PROXY} reply created (not in CPython). */
    static final String ADOPT = "adopt";

    private final Server server;

    PublicMethods(Server server) {
        this.server = server;
    }

    /**
     * Runs one of the server's methods for {@code owner} (null: a one-shot connection, whose
     * references belong to nobody, as CPython's).
     *
     * @throws Exception what the method raised: a {@code #TRACEBACK} reply
     */
    Object call(Peer.Received received, ObjectTable.Owner owner) throws Exception {
        Request request = received.request;
        List<Object> args = request.getArgs();
        switch (request.getMethod()) {
            case "create":
                return create(args, request.getKwds(), owner, received);
            case "incref":
                server.table().incref(Args.string(args, 0, "incref", 1), owner);
                return null;
            case "decref":
                server.table().decref(Args.string(args, 0, "decref", 1), owner);
                return null;
            case ADOPT:
                if (owner == null) {
                    break;
                }
                server.table().adopt(Args.string(args, 0, ADOPT, 1), owner);
                return null;
            case "get_methods":
                Args.count(args, "get_methods", 1);
                if (!(args.get(0) instanceof Token)) {
                    throw new IllegalArgumentException("get_methods() takes a Token, not " + Tuples.describe(args.get(0)));
                }
                return new ArrayList<>(server.table().get(((Token) args.get(0)).getId()).exposedSet);
            case "debug_info":
                Args.count(args, "debug_info", 0);
                return server.table().debugInfo();
            case "number_of_objects":
                Args.count(args, "number_of_objects", 0);
                return server.table().size();
            case "dummy":
                return null;
            default:
                break;
        }
        throw new IllegalArgumentException("AssertionError: '" + request.getMethod() + "' unrecognized");
    }

    /**
     * Python's {@code Server.create(c, typeid, *args, **kwds)}: makes the object with the
     * registered callable (or takes {@code args[0]} when there is none), shares it with one
     * reference for {@code owner}, and returns {@code (ident, exposed)}.
     */
    private List<Object> create(List<Object> args, Map<String, Object> kwds, ObjectTable.Owner owner,
                                Peer.Received received) throws Exception {
        String typeid = Args.string(args, 0, "create", -1);
        Registration registration = registration(typeid);
        if (received.fromPython && registration.callable instanceof TakesJavaFunctions) {
            throw new NotForPython("NotImplementedError: a Java manager's " + typeid + " runs Java functions;"
                    + " a Python function cannot run in it (use a CPython manager's " + typeid
                    + ", or multiprocessing's own in the client)");
        }
        List<Object> rest = args.subList(1, args.size());
        Object made;
        if (registration.callable == null) {
            if (!kwds.isEmpty() || rest.size() != 1) {
                throw new IllegalArgumentException("Without callable, must have one non-keyword argument");
            }
            made = rest.get(0);
        } else {
            made = registration.callable.call(rest, kwds);
        }
        // The new object holds what it was made from, the proxies among it included.
        received.keepAll();
        ObjectTable.Entry entry = share(registration, made, owner);
        List<Object> reply = new ArrayList<>(2);
        reply.add(entry.ident);
        reply.add(new ArrayList<>(entry.exposed));
        return reply;
    }

    /** Shares {@code made} as a {@code typeid} with one reference for {@code owner}: a create, or a {@code #PROXY} result. */
    ObjectTable.Entry share(String typeid, Object made, ObjectTable.Owner owner) {
        return share(registration(typeid), made, owner);
    }

    private ObjectTable.Entry share(Registration registration, Object made, ObjectTable.Owner owner) {
        Referent referent = Referents.adapt(made);
        List<String> exposed = new ArrayList<>(registration.exposed != null ? registration.exposed : referent.publicMethods());
        if (registration.methodToTypeid != null) {
            exposed.addAll(registration.methodToTypeid.keySet());
        }
        return server.table().add(registration.typeid, referent, exposed, registration.methodToTypeid, owner);
    }

    /**
     * A request a CPython client may not make of a Java manager: its {@code #ERROR}, Python's
     * exception named by the message, raised at the call as it is.
     */
    static final class NotForPython extends UnsupportedOperationException {
        private static final long serialVersionUID = 1L;

        NotForPython(String message) {
            super(message);
        }
    }

    private Registration registration(String typeid) {
        Registration registration = server.registry().get(typeid);
        if (registration == null) {
            throw new IllegalArgumentException("KeyError: '" + typeid + "' is not a registered typeid");
        }
        return registration;
    }
}
