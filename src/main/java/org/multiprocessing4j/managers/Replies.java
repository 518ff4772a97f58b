package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;

/**
 * What a client makes of a reply: Python's {@code _callmethod} and {@code convert_to_error}.
 * {@code #RETURN} is the value; {@code #ERROR} throws the exception the method raised, as it
 * was (a {@code queue.get} on an empty queue throws {@link org.multiprocessing4j.queues.Empty}),
 * with this side's stack as a suppressed exception; {@code #TRACEBACK} and
 * {@code #UNSERIALIZABLE} throw a {@link RemoteError}; {@code #PROXY} is a new proxy, which
 * takes over the reference the server made for it.
 */
final class Replies {
    private Replies() {
    }

    /**
     * The value of {@code reply}, or what it raises.
     *
     * @param caller the proxy whose call it answers (its result types), or null
     * @throws Exception the remote method's exception, as it raised it
     */
    static Object value(Reply reply, ManagerLink link, AutoProxy caller) throws RemoteError {
        try {
            return valueOrThrow(reply, link, caller);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception checked) {
            throw new java.lang.reflect.UndeclaredThrowableException(checked, checked.getMessage());
        }
    }

    /** {@link #value}, a checked exception of the remote method thrown as it is. */
    static Object valueOrThrow(Reply reply, ManagerLink link, AutoProxy caller) throws Exception {
        Object payload = reply.getPayload();
        switch (reply.getKind()) {
            case Reply.RETURN:
                return payload;
            case Reply.ERROR:
                if (payload instanceof Exception) {
                    Exception error = (Exception) payload;
                    error.addSuppressed(new CalledFrom(link));
                    throw error;
                }
                if (payload instanceof Error) {
                    throw (Error) payload;
                }
                throw new RemoteError("the method raised " + payload);
            case Reply.TRACEBACK:
                throw new RemoteError(String.valueOf(payload));
            case Reply.UNSERIALIZABLE:
                throw new RemoteError("Unserializable message: " + payload);
            case Reply.PROXY:
                return proxy(payload, link, caller);
            default:
                throw new IllegalStateException("Unrecognized message type '" + reply.getKind() + "'");
        }
    }

    /** {@code (exposed, token)}: the proxy of a method's shared result, with the server's reference adopted. */
    private static Object proxy(Object payload, ManagerLink link, AutoProxy caller) {
        List<?> parts = Tuples.parts(payload, 2, "a #PROXY payload (exposed, token)");
        if (!(parts.get(1) instanceof Token)) {
            throw new RemoteError("a #PROXY reply without a token: " + payload);
        }
        Token token = ((Token) parts.get(1)).at(link.address);
        List<String> exposed = new java.util.ArrayList<>();
        for (Object name : Tuples.parts(parts.get(0), -1, "exposed")) {
            exposed.add(String.valueOf(name));
        }
        ProxyType<?> type = link.proxyType(token.getTypeid(), caller == null ? null : caller.resultTypes());
        Map<String, ProxyType<?>> resultTypes = caller == null ? null : caller.resultTypes();
        return type.wrap(AutoProxy.withReservation(link, () -> link.adopt(token.getId()),
                () -> AutoProxy.owned(link, token, exposed, type, resultTypes)));
    }

    /** Where the call that failed in the manager was made, for the exception's trace. */
    private static final class CalledFrom extends Exception {
        private static final long serialVersionUID = 1L;

        CalledFrom(ManagerLink link) {
            super("raised in the manager at " + link.address + "; called here");
        }
    }
}
