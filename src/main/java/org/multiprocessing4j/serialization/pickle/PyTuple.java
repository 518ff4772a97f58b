package org.multiprocessing4j.serialization.pickle;

import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A Python {@code tuple}: an immutable {@link List}, so that a tuple read from CPython is
 * written back as a tuple (a plain {@code List} is written as a {@code list}).
 *
 * <p>Equality follows {@link List#equals}: a {@code PyTuple} equals any list with the same
 * elements (Python says {@code (1, 2) != [1, 2]}; Java's contract wins here, for symmetry with
 * {@code ArrayList.equals}). Elements may be {@code null} (Python's {@code None}).
 *
 * <p>A tuple whose elements are all immutable values (strings, numbers, booleans, {@code null},
 * {@code byte[]}, and tuples and frozensets of those) computes its hash code once, when made, so
 * that hashing a deeply nested or widely shared tuple is cheap and never recurses.
 */
public final class PyTuple extends AbstractList<Object> implements RandomAccess {

    private static final PyTuple EMPTY = new PyTuple(new Object[0]);

    private final Object[] items;
    /** Python would hash it: no list, dict, set or unhashable tuple inside. */
    private final boolean pyHashable;
    /** Every element is immutable, so {@link #hash} is final. */
    private final boolean deeplyImmutable;
    private final int hash;
    /** Nesting depth counted through tuples and frozensets only (1 for a flat tuple). */
    private final int depth;

    private PyTuple(Object[] items) {
        this.items = items;
        boolean hashable = true;
        boolean immutable = true;
        int h = 1;
        int d = 0;
        for (Object item : items) {
            hashable &= PyValues.isPyHashable(item);
            immutable &= PyValues.isDeeplyImmutable(item);
            if (immutable) {
                h = 31 * h + (item == null ? 0 : item.hashCode());
            }
            d = Math.max(d, PyValues.depthOf(item));
        }
        this.pyHashable = hashable;
        this.deeplyImmutable = immutable;
        this.hash = immutable ? h : 0;
        this.depth = d + 1;
    }

    /** A tuple of the given elements (copied). */
    public static PyTuple of(Object... items) {
        return items.length == 0 ? EMPTY : new PyTuple(items.clone());
    }

    /** A tuple of the collection's elements, in its iteration order. */
    public static PyTuple copyOf(Collection<?> items) {
        if (items instanceof PyTuple t) {
            return t;
        }
        return items.isEmpty() ? EMPTY : new PyTuple(items.toArray());
    }

    /** Takes ownership of {@code items}: the caller must not keep or change the array. */
    static PyTuple wrap(Object[] items) {
        return items.length == 0 ? EMPTY : new PyTuple(items);
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public Object[] toArray() {
        return items.clone();
    }

    boolean isPyHashable() {
        return pyHashable;
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
        if (o == this) {
            return true;
        }
        if (o instanceof PyTuple t) {
            if (t.items.length != items.length
                    || (deeplyImmutable && t.deeplyImmutable && hash != t.hash)) {
                return false;
            }
            for (int i = 0; i < items.length; i++) {
                if (!Objects.equals(items[i], t.items[i])) {
                    return false;
                }
            }
            return true;
        }
        return super.equals(o);
    }

    /** Python's repr shape: {@code ()}, {@code (1,)}, {@code (1, 2)}. */
    @Override
    public String toString() {
        if (items.length == 1) {
            return "(" + PyValues.repr(items[0]) + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(PyValues.repr(items[i]));
        }
        return sb.append(')').toString();
    }
}
