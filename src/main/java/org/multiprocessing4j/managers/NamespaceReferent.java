package org.multiprocessing4j.managers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A managed {@code Namespace}: attributes by name, Python's {@code __getattribute__},
 * {@code __setattr__} and {@code __delattr__}. A missing attribute is Python's AttributeError,
 * an {@link IllegalArgumentException} here. Its value ({@code _getvalue()}) is a map of the
 * attributes for a Java client, a {@code managers.Namespace} for a CPython one.
 */
final class NamespaceReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("__getattribute__", "__setattr__", "__delattr__");

    private final Map<String, Object> attributes;

    NamespaceReferent(Map<String, Object> initial) {
        this(EXPOSED, new LinkedHashMap<>());
        attributes.putAll(initial);
        Nested.keep(attributes);
    }

    private NamespaceReferent(List<String> exposed, Map<String, Object> attributes) {
        super(exposed);
        this.attributes = attributes;
    }

    /** A namespace whose attributes are those of {@code attributes}, which others share (a cluster's map). */
    static NamespaceReferent over(Map<String, Object> attributes) {
        return new NamespaceReferent(EXPOSED, attributes);
    }

    @Override
    public synchronized Object call(String method, List<Object> args, Map<String, Object> kwds) {
        switch (method) {
            case "__getattribute__":
                return attribute(Args.string(args, 0, method, 1));
            case "__setattr__":
                Args.count(args, method, 2);
                Nested.keep(args.get(1));
                Nested.release(attributes.put(Args.string(args, 0, method, 2), args.get(1)));
                return null;
            case "__delattr__":
                String name = Args.string(args, 0, method, 1);
                attribute(name);
                Nested.release(attributes.remove(name));
                return null;
            default:
                throw new UnsupportedOperationException("Namespace has no method '" + method + "'");
        }
    }

    private Object attribute(String name) {
        if (!attributes.containsKey(name)) {
            throw new IllegalArgumentException("AttributeError: 'Namespace' object has no attribute '" + name + "'");
        }
        return attributes.get(name);
    }

    @Override
    public synchronized Object value() {
        return new LinkedHashMap<>(attributes);
    }

    /** A {@code managers.Namespace} for a CPython client, as CPython's server sends it. */
    @Override
    public synchronized Object copy() {
        return PythonObject.namespace(attributes);
    }

    /** Python's {@code Namespace.__repr__}: the public attributes, sorted. */
    @Override
    public synchronized String repr() {
        StringJoiner text = new StringJoiner(", ", "Namespace(", ")");
        for (Map.Entry<String, Object> e : new TreeMap<>(attributes).entrySet()) {
            if (!e.getKey().startsWith("_")) {
                text.add(e.getKey() + "=" + Sequences.repr(e.getValue()));
            }
        }
        return text.toString();
    }
}
