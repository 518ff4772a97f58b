package org.multiprocessing4j.managers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A managed {@code dict}: Python's dict methods over an insertion-ordered map of this process,
 * with Python's KeyError as {@link NoSuchElementException}. {@code items()} are two-element
 * lists (Python's pairs), {@code __iter__} an iterator shared as a new object (CPython's
 * {@code method_to_typeid}). Stored proxies are kept while stored and released when removed.
 */
final class DictReferent extends BuiltinReferent {
    /** CPython's {@code DictProxy._exposed_}, and {@code put} for Java's {@code Map.put}. */
    static final List<String> EXPOSED = List.of("__contains__", "__delitem__", "__getitem__", "__iter__", "__len__",
            "__setitem__", "clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values",
            "put");

    private final Map<Object, Object> map;

    DictReferent(Map<Object, Object> map) {
        super(EXPOSED);
        this.map = map;
        Nested.keep(map);
    }

    @Override
    public synchronized Object call(String method, List<Object> args, Map<String, Object> kwds) {
        switch (method) {
            case "__len__":
                return map.size();
            case "__getitem__":
                Args.count(args, method, 1);
                return item(args.get(0));
            case "get":
                Args.between(args, method, 1, 2);
                return map.containsKey(args.get(0)) ? map.get(args.get(0)) : args.size() > 1 ? args.get(1) : null;
            case "__contains__":
                Args.count(args, method, 1);
                return map.containsKey(args.get(0));
            case "__setitem__":
                Args.count(args, method, 2);
                Nested.keep(args.get(1));
                Nested.release(map.put(args.get(0), args.get(1)));
                return null;
            case "put":
                Args.count(args, method, 2);
                Nested.keep(args.get(1));
                return Outcome.removed(map.put(args.get(0), args.get(1)));
            case "__delitem__":
                Args.count(args, method, 1);
                item(args.get(0));
                return Outcome.dropped(map.remove(args.get(0)));
            case "pop":
                Args.between(args, method, 1, 2);
                if (!map.containsKey(args.get(0)) && args.size() > 1) {
                    return args.get(1);
                }
                item(args.get(0));
                return Outcome.removed(map.remove(args.get(0)));
            case "popitem":
                return popitem();
            case "setdefault":
                Args.between(args, method, 1, 2);
                if (!map.containsKey(args.get(0))) {
                    Object fallback = args.size() > 1 ? args.get(1) : null;
                    Nested.keep(fallback);
                    map.put(args.get(0), fallback);
                }
                return map.get(args.get(0));
            case "update":
                update(args, kwds);
                return null;
            case "clear":
                List<Object> removed = new ArrayList<>(map.values());
                map.clear();
                Nested.release(removed);
                return null;
            case "copy":
                return new LinkedHashMap<>(map);
            case "keys":
            case "__iter__":
                List<Object> keys = new ArrayList<>(map.keySet());
                return "keys".equals(method) ? keys : keys.iterator();
            case "values":
                return new ArrayList<>(map.values());
            case "items":
                return items();
            default:
                throw new UnsupportedOperationException("dict has no method '" + method + "'");
        }
    }

    private Object item(Object key) {
        if (!map.containsKey(key)) {
            throw new NoSuchElementException("KeyError: " + Sequences.repr(key));
        }
        return map.get(key);
    }

    private Object popitem() {
        if (map.isEmpty()) {
            throw new NoSuchElementException("KeyError: 'popitem(): dictionary is empty'");
        }
        Object last = null;
        for (Iterator<Object> keys = map.keySet().iterator(); keys.hasNext(); ) {
            last = keys.next();
        }
        List<Object> pair = new ArrayList<>(2);
        pair.add(last);
        pair.add(map.remove(last));
        return Outcome.removed(pair);
    }

    private void update(List<Object> args, Map<String, Object> kwds) {
        Args.between(args, "update", 0, 1);
        Map<Object, Object> added = new LinkedHashMap<>();
        if (!args.isEmpty()) {
            Object other = args.get(0);
            if (other instanceof Map) {
                added.putAll((Map<?, ?>) other);
            } else {
                for (Object pair : Sequences.toList(other)) {
                    List<Object> kv = Sequences.toList(pair);
                    if (kv.size() != 2) {
                        throw new IllegalArgumentException("dictionary update sequence element has length " + kv.size()
                                + "; 2 is required");
                    }
                    added.put(kv.get(0), kv.get(1));
                }
            }
        }
        added.putAll(kwds);
        Nested.keep(added);
        for (Map.Entry<Object, Object> e : added.entrySet()) {
            Nested.release(map.put(e.getKey(), e.getValue()));
        }
    }

    private List<Object> items() {
        List<Object> items = new ArrayList<>(map.size());
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            List<Object> pair = new ArrayList<>(2);
            pair.add(e.getKey());
            pair.add(e.getValue());
            items.add(pair);
        }
        return items;
    }

    @Override
    public synchronized Object value() {
        return new LinkedHashMap<>(map);
    }

    @Override
    public Object identity() {
        return map;
    }
}
