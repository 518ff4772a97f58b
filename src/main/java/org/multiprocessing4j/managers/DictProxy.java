package org.multiprocessing4j.managers;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The proxy of a managed {@code dict}: Python's {@code DictProxy}, and a {@link Map}. Each
 * method is one call to the manager by CPython's names ({@code get} is {@code get},
 * {@code containsKey} {@code __contains__}, {@code remove} {@code pop(key, None)},
 * {@code size} {@code __len__}); {@link #put} returns the previous value in the same call,
 * {@link #setItem} is Python's {@code d[key] = value}. The views ({@link #entrySet()},
 * {@link #keySet()}, {@link #values()}) are copies taken in one call, whose {@code remove}
 * removes from the shared dict.
 *
 * <pre>{@code
 * DictProxy<String, Integer> d = manager.dict();
 * d.put("x", 1);
 * new Process(() -> d.put("y", 2)).start();
 * }</pre>
 *
 * <p>Keys and values travel by value: they must be serializable, and a key's
 * {@code hashCode}/{@code equals} are the manager's (a Python dict's keys are the same).
 *
 * <p>From a manager of {@code Multiprocessing.context("cluster")}, the dict is a Hazelcast
 * {@code IMap} of its own: each method runs in the calling process against it (no call reaches
 * the manager's process), keys compare by their serialized form, the order is not insertion
 * order, and the proxy goes to any process attached to the cluster, a pool's task on a member
 * included.
 */
public final class DictProxy<K, V> extends AbstractMap<K, V> implements CoreProxy, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient AutoProxy core;

    DictProxy(AutoProxy core) {
        this.core = core;
    }

    /** Python's {@code len(d)}. */
    @Override
    public int size() {
        return ((Number) Unchecked.call(core, "__len__")).intValue();
    }

    /** Python's {@code d.get(key)}: null when absent. */
    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        return (V) Unchecked.call(core, "get", key);
    }

    /**
     * Python's {@code d[key]}.
     *
     * @throws NoSuchElementException (Python's KeyError) if there is no such key
     */
    @SuppressWarnings("unchecked")
    public V getItem(Object key) {
        return (V) Unchecked.call(core, "__getitem__", key);
    }

    /** Python's {@code key in d}. */
    @Override
    public boolean containsKey(Object key) {
        return (Boolean) Unchecked.call(core, "__contains__", key);
    }

    /**
     * Sets {@code key} and returns the value it had, in one call; two calls to a CPython
     * manager, whose dict has no such method ({@code d.get(key)}, then {@code d[key] = value}).
     */
    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        if (core.managerIsCPython()) {
            V old = (V) Unchecked.call(core, "get", key);
            setItem(key, value);
            return old;
        }
        return (V) Unchecked.call(core, "put", key, value);
    }

    /** Python's {@code d[key] = value}: one call, no value back. */
    public void setItem(K key, V value) {
        Unchecked.call(core, "__setitem__", key, value);
    }

    /** Python's {@code d.pop(key, None)}. */
    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        return (V) Unchecked.call(core, "pop", key, null);
    }

    /** Python's {@code d.update(other)}: one call. */
    @Override
    public void putAll(Map<? extends K, ? extends V> other) {
        Unchecked.call(core, "update", new LinkedHashMap<>(other));
    }

    /** Python's {@code d.setdefault(key, value)}. */
    @Override
    @SuppressWarnings("unchecked")
    public V putIfAbsent(K key, V value) {
        boolean had = containsKey(key);
        V current = (V) Unchecked.call(core, "setdefault", key, value);
        return had ? current : null;
    }

    /** Python's {@code d.clear()}. */
    @Override
    public void clear() {
        Unchecked.call(core, "clear");
    }

    /** A copy of the whole dict, in one call: Python's {@code d._getvalue()} (or {@code d.copy()}). */
    @Override
    @SuppressWarnings("unchecked")
    public Map<K, V> getValue() {
        return (Map<K, V>) core.getValue();
    }

    /** The entries of a copy taken in one call; removing one through its iterator removes the key here too. */
    @Override
    public Set<Entry<K, V>> entrySet() {
        Map<K, V> copy = getValue();
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                Iterator<Entry<K, V>> entries = copy.entrySet().iterator();
                return new Iterator<>() {
                    private Entry<K, V> last;

                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Entry<K, V> next() {
                        last = entries.next();
                        return new SimpleImmutableEntry<>(last);
                    }

                    @Override
                    public void remove() {
                        if (last == null) {
                            throw new IllegalStateException("next() first");
                        }
                        DictProxy.this.remove(last.getKey());
                        last = null;
                    }
                };
            }

            @Override
            public int size() {
                return copy.size();
            }
        };
    }

    /** The proxy that talks to the manager, which holds the reference. */
    @Override
    public AutoProxy core() {
        return core;
    }

    private Object writeReplace() throws ObjectStreamException {
        return core.writeReplace();
    }
}
