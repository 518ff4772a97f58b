package org.multiprocessing4j.managers;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * Finds the stored proxies ({@link LocalRef}) inside a value: in lists, sets, dicts, arrays and
 * namespaces, however deep. A value stored by a managed container keeps them; a value it drops
 * releases them (CPython never does: gh-103136, gh-119937).
 */
final class Nested {
    private Nested() {
    }

    /** Marks the stored proxies in {@code value} as kept by the object that stores it. */
    static void keep(Object value) {
        if (!isPlain(value)) {
            walk(value, true, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
    }

    /** Releases the stored proxies in {@code value}, which its container dropped. */
    static void release(Object value) {
        if (!isPlain(value)) {
            walk(value, false, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
    }

    /** What holds no proxy for sure: checked before anything is allocated, as it is most of what is stored. */
    private static boolean isPlain(Object value) {
        return value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof byte[] || value instanceof Character;
    }

    private static void walk(Object value, boolean keep, Set<Object> seen) {
        if (isPlain(value) || !seen.add(value)) {
            return;
        }
        if (value instanceof LocalRef) {
            if (keep) {
                ((LocalRef) value).keep();
            } else {
                ((LocalRef) value).release();
            }
        } else if (value instanceof Collection) {
            for (Object item : ((Collection<?>) value).toArray()) {
                walk(item, keep, seen);
            }
        } else if (value instanceof Map) {
            for (Map.Entry<?, ?> e : new java.util.ArrayList<>(((Map<?, ?>) value).entrySet())) {
                walk(e.getKey(), keep, seen);
                walk(e.getValue(), keep, seen);
            }
        } else if (value instanceof Object[]) {
            for (int i = 0; i < Array.getLength(value); i++) {
                walk(Array.get(value, i), keep, seen);
            }
        } else if (value instanceof Referent) {
            walk(((Referent) value).value(), keep, seen);
        }
    }
}
