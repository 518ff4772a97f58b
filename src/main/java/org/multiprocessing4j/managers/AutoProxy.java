package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.runtime.Threads;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The proxy of any shared object: Python's {@code AutoProxy}, which calls the object's exposed
 * methods by name ({@link #callMethod}). Every other proxy is built around one, which holds
 * the reference: it takes one when made (in this process's session with the manager), and
 * drops it when {@link #close()}d or, unreachable, when the garbage collector finds it so.
 *
 * <p>Its calls go to one of two engines: the manager's process through a {@code ManagerLink}
 * (every proxy but these), or, for the {@code dict()}, {@code Namespace()}, {@code Value()},
 * {@code Event()}, {@code Lock()} and {@code RLock()} of a manager of
 * {@code Multiprocessing.context("cluster")}, a referent in this process over a map the cluster
 * keeps ({@link ReferentReference}): the same referent the manager would call, by the same
 * Python names, so the typed proxies keep one class.
 *
 * <pre>{@code
 * manager.register("Maths", (args, kwds) -> new Maths());
 * AutoProxy maths = manager.create("Maths");
 * maths.callMethod("add", 4, 3);   // 7
 * }</pre>
 */
public final class AutoProxy implements Proxy, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Cleaner CLEANER = Cleaner.create(r -> Threads.daemon("manager-proxies", r));

    /** The manager's link; null for a proxy whose calls go to {@link #referent}. */
    private final transient ManagerLink link;
    /** The object called in this process (a cluster's dict, namespace, value, event or lock); null for a manager's proxy. */
    private final transient Referent referent;
    /** How a proxy over {@link #referent} travels. */
    private final transient ReferentReference travelling;
    private final transient Token token;
    private final transient List<String> exposed;
    private final transient ProxyType<?> type;
    private final transient Map<String, ProxyType<?>> resultTypes;
    private final transient Cleaner.Cleanable reference;

    private AutoProxy(ManagerLink link, Token token, List<String> exposed, ProxyType<?> type,
                      Map<String, ProxyType<?>> resultTypes) {
        this.link = link;
        this.referent = null;
        this.travelling = null;
        this.token = token;
        this.exposed = List.copyOf(exposed);
        this.type = type;
        this.resultTypes = resultTypes == null ? Map.of() : Map.copyOf(resultTypes);
        this.reference = CLEANER.register(this, new Decref(link, token.getId()));
    }

    private AutoProxy(Referent referent, ReferentReference travelling, Token token, List<String> exposed,
                      ProxyType<?> type) {
        this.link = null;
        this.referent = referent;
        this.travelling = travelling;
        this.token = token;
        this.exposed = List.copyOf(exposed);
        this.type = type;
        this.resultTypes = Map.of();
        this.reference = null;
    }

    /** The referent this proxy calls in this process (a cluster's object), or null if a manager holds it. */
    Referent localReferent() {
        return referent;
    }

    /**
     * A proxy whose calls go to {@code referent}, in this process: no manager holds a reference
     * for it, and it travels as {@code travelling}.
     */
    static AutoProxy over(Referent referent, ReferentReference travelling, Token token, List<String> exposed,
                          ProxyType<?> type) {
        return new AutoProxy(referent, travelling, token, exposed, type);
    }

    /**
     * A proxy of an object whose reference this process's session already holds (its create,
     * an adopted {@code #PROXY}); the caller {@link ManagerLink#reserve() reserved} it first.
     */
    static AutoProxy owned(ManagerLink link, Token token, List<String> exposed, ProxyType<?> type,
                           Map<String, ProxyType<?>> resultTypes) {
        return new AutoProxy(link, token, exposed, type, resultTypes);
    }

    /** A proxy that arrived from elsewhere: it takes a reference of its own first (Python's {@code incref} in {@code BaseProxy.__init__}). */
    static AutoProxy rebuilt(ManagerLink link, Token token, List<String> exposed, ProxyType<?> type,
                             Map<String, ProxyType<?>> resultTypes) {
        return withReservation(link, () -> link.incref(token.getId()),
                () -> new AutoProxy(link, token, exposed, type, resultTypes));
    }

    /**
     * Reserves a place for a proxy in {@code link}, takes its reference with {@code take}, and
     * makes it; the reservation is given back if taking the reference fails.
     */
    static <P> P withReservation(ManagerLink link, Runnable take, java.util.function.Supplier<P> make) {
        link.reserve();
        try {
            take.run();
        } catch (RuntimeException | Error e) {
            link.proxyClosed();
            throw e;
        }
        return make.get();
    }

    /** Drops the reference once: {@link #close()} or the cleaner. Python's {@code BaseProxy._decref}. */
    private static final class Decref implements Runnable {
        private final ManagerLink link;
        private final String ident;

        Decref(ManagerLink link, String ident) {
            this.link = link;
            this.ident = ident;
        }

        @Override
        public void run() {
            try {
                if (!link.isClosed()) {
                    link.decref(ident);
                }
            } catch (RuntimeException managerGone) {
                // A manager that is gone holds nothing any more.
                ManagerLog.debug("DECREF '{}' failed: {}", ident,
                        managerGone.toString());
            } finally {
                link.proxyClosed();
            }
        }
    }

    @Override
    public Token getToken() {
        return token;
    }

    /** The methods the manager lets this proxy call: the {@code exposed} of its registration. */
    public List<String> getExposed() {
        return exposed;
    }

    @Override
    public Object callMethod(String method, Object... args) {
        return callMethod(method, java.util.Arrays.asList(args), Map.of());
    }

    @Override
    public Object callMethod(String method, List<?> args, Map<String, ?> kwds) {
        try {
            return invoke(method, args, kwds);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception checked) {
            throw new UndeclaredThrowableException(checked, checked.getMessage());
        }
    }

    /** A call whose checked exceptions come as they are, for proxies that declare them; {@code args} is the caller's own array. */
    Object invoke(String method, Object... args) throws Exception {
        Objects.requireNonNull(method, "method");
        if (referent != null) {
            return callHere(method, java.util.Arrays.asList(args), Map.of());
        }
        try {
            return link.callOrThrow(this, Request.owning(token.getId(), method, java.util.Arrays.asList(args), Map.of()));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** {@link #invoke(String, Object...)} with keyword arguments. */
    Object invoke(String method, List<?> args, Map<String, ?> kwds) throws Exception {
        Objects.requireNonNull(method, "method");
        if (referent != null) {
            return callHere(method, args, kwds);
        }
        try {
            return link.callOrThrow(this, method, args, kwds);
        } finally {
            // Unreachable during its call, the proxy would be released under it.
            Reference.reachabilityFence(this);
        }
    }

    /**
     * A call of {@link #referent}, as the manager's {@code ClientLoop} makes it: an exposed
     * method, else Python's fallbacks ({@code #GETVALUE}, {@code __str__}, {@code __repr__}).
     */
    private Object callHere(String method, List<?> args, Map<String, ?> kwds) throws Exception {
        if (exposed.contains(method)) {
            return Outcome.valueOf(referent.call(method, new java.util.ArrayList<>(args), new java.util.HashMap<>(kwds)));
        }
        switch (method) {
            case "#GETVALUE":
                return referent.value();
            case "__str__":
            case "__repr__":
                return referent.repr();
            default:
                throw new RemoteError("AttributeError: method '" + method + "' of " + token.getTypeid()
                        + " object is not in exposed=" + exposed);
        }
    }

    @Override
    public Object getValue() {
        return callMethod("#GETVALUE");
    }

    /** Whether the manager is CPython's (the link speaks pickle): it has only Python's methods. */
    boolean managerIsCPython() {
        return link != null && link.speaksPickle();
    }

    Map<String, ProxyType<?>> resultTypes() {
        return resultTypes;
    }

    /** Drops the manager's reference; nothing to drop for a proxy over a referent here. */
    @Override
    public void close() {
        if (reference != null) {
            reference.clean();
        }
    }

    /**
     * Travels as the proxy it is the core of (its type), with the manager's key sealed; a proxy
     * over a referent here travels as that referent's shared state, by name.
     */
    Object writeReplace() throws ObjectStreamException {
        if (travelling != null) {
            return travelling;
        }
        return ProxyReference.of(type, token, exposed, link.authkey(), resultTypes);
    }

    /** Python's {@code repr(proxy)}: {@code <AutoProxy[Maths] object, typeid 'Maths' at 0x…>}; no call to the manager. */
    @Override
    public String toString() {
        return "<AutoProxy[" + token.getTypeid() + "] object, typeid '" + token.getTypeid() + "' at 0x"
                + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
