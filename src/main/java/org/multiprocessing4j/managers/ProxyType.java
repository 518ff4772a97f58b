package org.multiprocessing4j.managers;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a proxy of a registered type is made around the {@link AutoProxy} that talks to the
 * manager: Python's {@code proxytype} argument of {@code register}, with the proxy class's
 * {@code _exposed_} and {@code _method_to_typeid_}. A proxy sent to another process is rebuilt
 * there with the same type, so a type is serializable.
 *
 * <pre>{@code
 * ProxyType.auto();                                   // Python's AutoProxy: callMethod(name, args...)
 * ProxyType.of(MathsProxy::new, "add", "mul");        // a class of yours, built around the AutoProxy
 * ProxyType.forInterface(Maths.class);                // an interface, implemented by a dynamic proxy
 * }</pre>
 */
public final class ProxyType<P> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ProxyType<AutoProxy> AUTO = new ProxyType<>(null, null, null, null);

    private final Factory<? extends P> factory;
    private final Class<P> iface;
    private final List<String> exposed;
    private final Map<String, String> methodToTypeid;

    private ProxyType(Factory<? extends P> factory, Class<P> iface, List<String> exposed,
                      Map<String, String> methodToTypeid) {
        this.factory = factory;
        this.iface = iface;
        this.exposed = exposed;
        this.methodToTypeid = methodToTypeid;
    }

    /**
     * Makes a proxy around the {@link AutoProxy} that talks to the manager: a constructor of
     * your proxy class ({@code MathsProxy::new}). Serializable, since a proxy sent to another
     * process is rebuilt there.
     */
    @FunctionalInterface
    public interface Factory<P> extends Serializable {
        /** The proxy around {@code core}. */
        P create(AutoProxy core);
    }

    /** Python's {@code AutoProxy}: the proxy is the {@link AutoProxy} itself, exposing the object's public methods. */
    public static ProxyType<AutoProxy> auto() {
        return AUTO;
    }

    /**
     * A proxy class of yours, made by {@code factory} around the {@link AutoProxy}; {@code exposed}
     * is Python's {@code _exposed_} (none: the registration's, else the object's public methods).
     *
     * @throws NullPointerException if {@code factory} is null
     */
    public static <P> ProxyType<P> of(Factory<? extends P> factory, String... exposed) {
        return new ProxyType<>(Objects.requireNonNull(factory, "factory"), null,
                exposed.length == 0 ? null : List.of(exposed), null);
    }

    /**
     * {@link #of(Factory, String...)} with Python's {@code _method_to_typeid_}: the
     * methods whose result is shared in the manager and comes back as a proxy of that typeid.
     */
    public static <P> ProxyType<P> of(Factory<? extends P> factory, List<String> exposed,
                                      Map<String, String> methodToTypeid) {
        return new ProxyType<>(Objects.requireNonNull(factory, "factory"), null,
                exposed == null ? null : List.copyOf(exposed),
                methodToTypeid == null ? null : new LinkedHashMap<>(methodToTypeid));
    }

    /**
     * The proxy type of SyncManager's {@code Queue()}: what a client registers for a typeid
     * whose objects are queues, as CPython's remote-manager example registers {@code get_queue}.
     *
     * @param <E> the type of the queue's elements
     */
    @SuppressWarnings("unchecked")
    public static <E> ProxyType<QueueProxy<E>> queue() {
        return (ProxyType<QueueProxy<E>>) (ProxyType<?>) SyncManager.SyncProxyTypes.QUEUE;
    }

    /**
     * A dynamic proxy implementing {@code iface} (and {@link Proxy}): each call of one of its
     * methods is a call of the method of that name in the manager. The exposed methods are the
     * interface's.
     *
     * @throws IllegalArgumentException if {@code iface} is not an interface
     */
    public static <I> ProxyType<I> forInterface(Class<I> iface) {
        if (!Objects.requireNonNull(iface, "iface").isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Method method : iface.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers()) && !method.isDefault()) {
                names.add(method.getName());
            }
        }
        return new ProxyType<>(null, iface, new ArrayList<>(names), null);
    }

    /** Python's {@code _exposed_}, or null. */
    List<String> exposed() {
        return exposed;
    }

    /** Python's {@code _method_to_typeid_}, or null. */
    Map<String, String> methodToTypeid() {
        return methodToTypeid;
    }

    /** The proxy around {@code core}. */
    @SuppressWarnings("unchecked")
    P wrap(AutoProxy core) {
        if (factory != null) {
            return factory.create(core);
        }
        if (iface != null) {
            return InterfaceProxy.create(iface, core);
        }
        return (P) core;
    }

    @Override
    public String toString() {
        return factory != null ? "ProxyType[" + factory.getClass().getName() + "]"
                : iface != null ? "ProxyType[" + iface.getName() + "]" : "ProxyType[AutoProxy]";
    }
}
