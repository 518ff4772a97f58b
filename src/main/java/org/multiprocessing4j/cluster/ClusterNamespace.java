package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A namespace every process attached to the cluster shares by name: a manager's
 * {@code Namespace()} across machines, its attributes the entries of a Hazelcast {@code IMap}.
 */
public final class ClusterNamespace {
    private final IMap<String, Object> attributes;

    ClusterNamespace(IMap<String, Object> attributes) {
        this.attributes = attributes;
    }

    /**
     * Python's {@code ns.name}.
     *
     * @throws IllegalArgumentException (Python's AttributeError) if there is no such attribute
     */
    public Object get(String name) {
        Object value = attributes.get(Objects.requireNonNull(name, "name"));
        if (value == null) {
            throw new IllegalArgumentException("'Namespace' object has no attribute '" + name + "'");
        }
        return value;
    }

    /** Python's {@code ns.name = value}. */
    public void set(String name, Object value) {
        attributes.set(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    }

    /**
     * Python's {@code del ns.name}.
     *
     * @throws IllegalArgumentException (Python's AttributeError) if there is no such attribute
     */
    public void delete(String name) {
        if (attributes.remove(Objects.requireNonNull(name, "name")) == null) {
            throw new IllegalArgumentException("'Namespace' object has no attribute '" + name + "'");
        }
    }

    /** The attributes by name, copied now. */
    public Map<String, Object> getAttributes() {
        return new TreeMap<>(attributes);
    }

    /** Python's {@code str(ns)}: {@code Namespace(x=10, y=20)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Namespace(");
        String separator = "";
        for (Map.Entry<String, Object> entry : getAttributes().entrySet()) {
            text.append(separator).append(entry.getKey()).append('=').append(entry.getValue());
            separator = ", ";
        }
        return text.append(')').toString();
    }
}
