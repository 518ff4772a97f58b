package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;
import org.multiprocessing4j.internal.engine.SharedMap;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The map behind a manager's {@code dict()}, {@code Namespace()}, {@code Value()},
 * {@code Event()}, {@code Lock()} or {@code RLock()} on {@code Multiprocessing.context("cluster")}:
 * a Hazelcast {@code IMap} of its own, which the manager's referent ({@code DictReferent},
 * {@code NamespaceReferent}, {@code ValueReferent}, {@code EventReferent},
 * {@code AcquirerReferent}) calls in every process that holds the proxy. Its key locks are the
 * {@code IMap}'s, as {@link ClusterLock}'s: thread-owned, and released by the members when their
 * holder's process leaves the cluster (after a SIGKILL, once the client's cleanup delay passed). Each call is one operation on the member that owns the key (a
 * {@code setdefault} or a {@code pop} with a default is two); the views are copies. Keys compare
 * by their serialized form, and the order is not the insertion order of a Python dict. It
 * travels by name ({@link Named}) and attaches to the cluster where it is read.
 */
final class ClusterMap extends AbstractMap<Object, Object> implements SharedMap, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient Cluster cluster;
    private final transient IMap<Object, Object> map;
    private final String name;

    ClusterMap(Cluster cluster, String name) {
        this.cluster = cluster;
        this.map = cluster.instance().getMap(name);
        this.name = name;
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        return map.get(key);
    }

    @Override
    public Object put(Object key, Object value) {
        return map.put(key, value);
    }

    @Override
    public Object remove(Object key) {
        return map.remove(key);
    }

    @Override
    public void putAll(Map<?, ?> entries) {
        map.putAll(entries);
    }

    @Override
    public void clear() {
        map.clear();
    }

    /** A copy of the keys. */
    @Override
    public Set<Object> keySet() {
        return map.keySet();
    }

    /** A copy of the values. */
    @Override
    public Collection<Object> values() {
        return map.values();
    }

    /** A copy of the entries. */
    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
        return map.entrySet();
    }

    @Override
    public Object putIfAbsent(Object key, Object value) {
        return map.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return map.remove(key, value);
    }

    @Override
    public boolean replace(Object key, Object oldValue, Object newValue) {
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public Object replace(Object key, Object value) {
        return map.replace(key, value);
    }

    @Override
    public boolean tryLock(Object key, long timeoutNanos) throws InterruptedException {
        if (timeoutNanos < 0) {
            map.lock(key);
            return true;
        }
        return timeoutNanos == 0 ? map.tryLock(key) : map.tryLock(key, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void unlock(Object key) {
        map.unlock(key);
    }

    @Override
    public void forceUnlock(Object key) {
        map.forceUnlock(key);
    }

    @Override
    public boolean isLocked(Object key) {
        return map.isLocked(key);
    }

    /** The map's name in the cluster: the id of its proxy's token. */
    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    private Object writeReplace() throws ObjectStreamException {
        return new Named(Named.Kind.MAP, cluster, name, 0);
    }
}
