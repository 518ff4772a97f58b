package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.Inheritance;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A proxy as it travels to another process — through a queue, a pipe, a pool task, a
 * {@code Process} target, or to and from the manager: Python's
 * {@code RebuildProxy(func, token, serializer, kwds)}, {@code func} being the proxy type and
 * {@code kwds} the exposed methods (for an auto proxy) and, at a child's start only, the
 * authkey. Unlike CPython it always carries the manager's key, sealed for the processes of
 * this program ({@link AuthkeySeal}), so a proxy works wherever it lands even when the
 * manager's key is not the receiver's own (gh-139801).
 *
 * <p>Rebuilt in the manager that holds the object, it is a {@link LocalRef}; anywhere else, a
 * proxy that takes its own reference at once.
 */
final class ProxyReference implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ProxyType<?> type;
    private final Token token;
    private final List<String> exposed;
    private final byte[] sealedKey;
    /** The key itself, only when the proxy goes to a child being started (CPython's {@code kwds['authkey']} at spawn). */
    private final byte[] plainKey;
    private final Map<String, ProxyType<?>> resultTypes;
    /** Rebuilds the invocation handler of an interface proxy (a dynamic proxy travels as its handler). */
    private final boolean handler;

    private ProxyReference(ProxyType<?> type, Token token, List<String> exposed, byte[] sealedKey, byte[] plainKey,
                           Map<String, ProxyType<?>> resultTypes, boolean handler) {
        this.type = type;
        this.token = token;
        this.exposed = exposed;
        this.sealedKey = sealedKey;
        this.plainKey = plainKey;
        this.resultTypes = resultTypes;
        this.handler = handler;
    }

    static ProxyReference of(ProxyType<?> type, Token token, List<String> exposed, byte[] authkey,
                             Map<String, ProxyType<?>> resultTypes) {
        boolean toChild = Inheritance.isCollecting();
        return new ProxyReference(type, token, List.copyOf(exposed), AuthkeySeal.seal(authkey),
                toChild ? authkey.clone() : null, new java.util.HashMap<>(resultTypes), false);
    }

    Token token() {
        return token;
    }

    List<String> exposed() {
        return exposed;
    }

    /** The same reference, rebuilt as an interface proxy's invocation handler. */
    ProxyReference asHandler() {
        return new ProxyReference(type, token, exposed, sealedKey, plainKey, resultTypes, true);
    }

    /** A stored proxy in its manager, or a proxy with its own reference anywhere else. */
    private Object readResolve() throws ObjectStreamException {
        LocalRef stored = LocalRef.ifReadByItsManager(token);
        if (stored != null) {
            return stored;
        }
        try {
            ManagerLink link = Links.find(token.getAddress(), this::authkey);
            link.learn(resultTypes);
            Object proxy = type.wrap(AutoProxy.rebuilt(link, token.at(link.address), exposed, type, resultTypes));
            return handler ? java.lang.reflect.Proxy.getInvocationHandler(proxy) : proxy;
        } catch (RuntimeException e) {
            throw invalid("cannot rebuild the proxy of " + token + ": " + e.getMessage(), e);
        }
    }

    /** The manager's key: sealed for this program, given at a child's start, or else this process's own (CPython's). */
    private byte[] authkey() {
        byte[] opened = AuthkeySeal.open(sealedKey);
        if (opened != null) {
            return opened;
        }
        return plainKey != null ? plainKey.clone() : CurrentProcess.authKey();
    }

    private static InvalidObjectException invalid(String message, Exception cause) {
        InvalidObjectException failure = new InvalidObjectException(message);
        failure.initCause(cause);
        return failure;
    }
}
