package org.multiprocessing4j.pool;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which functions one worker keeps, as its pool sees it: CPython pickles a function by
 * reference, so a task costs a worker only its arguments; here a function is sent to a worker
 * once, kept in one of {@link #SLOTS} numbered slots, and later jobs name the slot. The slots
 * are reused least recently used first, and the pool alone decides, so both sides always agree
 * on what each slot holds.
 *
 * <p>Only functions without state of their own are kept: lambdas and method references that
 * capture nothing but strings, boxed primitives or null (a {@code CompactLambda}), whose bytes
 * are at most {@link #MAX_KEPT_BYTES}. Keeping one is invisible: its copy in the worker cannot
 * change. Any other function (one that captures an array, a list, any object) is sent with
 * every job and rebuilt for it, so each job still starts from the state the caller gave it.
 * Functions are told apart by their bytes, so a lambda that captures other values is another
 * function.
 */
final class FunctionSlots {
    /** How many functions a worker keeps. */
    static final int SLOTS = 16;
    static final int MAX_KEPT_BYTES = 16 * 1024;
    /** The slot of a function sent with its job and not kept. */
    static final int NOT_KEPT = -1;

    /** A function's bytes, compared by content, and whether a worker may keep it. */
    static final class Key {
        final byte[] bytes;
        final boolean stateless;
        private final int hash;

        Key(byte[] bytes, boolean stateless) {
            this.bytes = bytes;
            this.stateless = stateless;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && hash == ((Key) other).hash && Arrays.equals(bytes, ((Key) other).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final LinkedHashMap<Key, Integer> slots = new LinkedHashMap<>(SLOTS * 2, 0.75f, true);

    /** The slot that holds {@code function}, or -1 if the worker must be sent it. */
    int find(Key function) {
        Integer slot = slots.get(function);
        return slot == null ? -1 : slot;
    }

    /** The slot the worker must keep {@code function} in, or {@link #NOT_KEPT}. */
    int assign(Key function) {
        if (!function.stateless || function.bytes.length > MAX_KEPT_BYTES) {
            return NOT_KEPT;
        }
        int slot = slots.size();
        if (slot == SLOTS) {
            Iterator<Map.Entry<Key, Integer>> eldest = slots.entrySet().iterator();
            slot = eldest.next().getValue();
            eldest.remove();
        }
        slots.put(function, slot);
        return slot;
    }
}
