package org.multiprocessing4j.serialization.pickle;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A Python {@code frozenset}: an immutable {@link Set} that keeps the order its elements came in,
 * so that a frozenset read from CPython is written back as a frozenset (any other {@code Set} is
 * written as a {@code set}). Equality follows {@link Set#equals}, which is also Python's rule
 * ({@code frozenset({1}) == {1}}).
 */
public final class PyFrozenSet extends AbstractSet<Object> {

    private static final PyFrozenSet EMPTY = new PyFrozenSet(new LinkedHashSet<>());

    private final Set<Object> items;
    private final boolean deeplyImmutable;
    private final int hash;
    private final int depth;

    private PyFrozenSet(LinkedHashSet<Object> items) {
        this.items = Collections.unmodifiableSet(items);
        boolean immutable = true;
        int h = 0;
        int d = 0;
        for (Object item : items) {
            immutable &= PyValues.isDeeplyImmutable(item);
            if (immutable) {
                h += item == null ? 0 : item.hashCode();
            }
            d = Math.max(d, PyValues.depthOf(item));
        }
        this.deeplyImmutable = immutable;
        this.hash = immutable ? h : 0;
        this.depth = d + 1;
    }

    public static PyFrozenSet of(Object... items) {
        LinkedHashSet<Object> set = new LinkedHashSet<>();
        Collections.addAll(set, items);
        return copyOwned(set);
    }

    public static PyFrozenSet copyOf(Collection<?> items) {
        if (items instanceof PyFrozenSet f) {
            return f;
        }
        return copyOwned(new LinkedHashSet<>(items));
    }

    /** Takes ownership of {@code items}. */
    static PyFrozenSet copyOwned(LinkedHashSet<Object> items) {
        return items.isEmpty() ? EMPTY : new PyFrozenSet(items);
    }

    @Override
    public Iterator<Object> iterator() {
        return items.iterator();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public boolean contains(Object o) {
        return items.contains(o);
    }

    boolean isDeeplyImmutable() {
        return deeplyImmutable;
    }

    int depth() {
        return depth;
    }

    @Override
    public int hashCode() {
        return deeplyImmutable ? hash : super.hashCode();
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof PyFrozenSet f && deeplyImmutable && f.deeplyImmutable && hash != f.hash) {
            return false;
        }
        return super.equals(o);
    }

    /** Python's repr shape: {@code frozenset()}, {@code frozenset({1, 2})}. */
    @Override
    public String toString() {
        if (items.isEmpty()) {
            return "frozenset()";
        }
        StringBuilder sb = new StringBuilder("frozenset({");
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(PyValues.repr(item));
        }
        return sb.append("})").toString();
    }
}
