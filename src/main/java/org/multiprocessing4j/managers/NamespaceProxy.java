package org.multiprocessing4j.managers;

import java.util.Map;

/**
 * The proxy of a managed {@code Namespace}: Python's {@code NamespaceProxy}, whose attributes
 * are {@code ns.x}, {@code ns.x = 1} and {@code del ns.x} in Python and {@link #get},
 * {@link #set} and {@link #delete} here.
 *
 * <pre>{@code
 * NamespaceProxy ns = manager.namespace();
 * ns.set("x", 10);
 * new Process(() -> ns.set("y", (Integer) ns.get("x") * 2)).start();
 * }</pre>
 *
 * <p>From a manager of {@code Multiprocessing.context("cluster")}, the attributes are a
 * Hazelcast {@code IMap} of their own, as a cluster manager's {@link DictProxy} is.
 */
public final class NamespaceProxy extends BaseProxy {
    private static final long serialVersionUID = 1L;

    NamespaceProxy(AutoProxy core) {
        super(core);
    }

    /**
     * Python's {@code ns.name}.
     *
     * @throws IllegalArgumentException (Python's AttributeError) if there is no such attribute
     */
    public Object get(String name) {
        return call("__getattribute__", name);
    }

    /** Python's {@code ns.name = value}. */
    public void set(String name, Object value) {
        call("__setattr__", name, value);
    }

    /**
     * Python's {@code del ns.name}.
     *
     * @throws IllegalArgumentException (Python's AttributeError) if there is no such attribute
     */
    public void delete(String name) {
        call("__delattr__", name);
    }

    /** The attributes by name, copied in one call: Python's {@code ns._getvalue()}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getAttributes() {
        return (Map<String, Object>) getValue();
    }

    /** Python's {@code str(ns)}: {@code Namespace(x=10, y=20)}, from the manager. */
    @Override
    public String toString() {
        return String.valueOf(call("__repr__"));
    }
}
